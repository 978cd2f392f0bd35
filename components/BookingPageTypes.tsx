import { useState } from "react";
import { newTypeDraft } from "@/utils/booking-page/draft";
import { useBookingPageStore } from "@/utils/booking-page/store";
import { t } from "@/utils/i18n";
import { BookingPageTypeFields } from "./BookingPageTypeFields";

/** The public link of a type: the page URL's origin + `/book/<id>`. */
export function typeLink(pageUrl: string, id: string): string {
  return new URL(`/book/${encodeURIComponent(id)}`, pageUrl).toString();
}

/** The booking types: each with all its fields, its public link to copy, and remove; plus "Add". */
export function BookingPageTypes({ pageUrl }: { pageUrl: string }) {
  const { draft, view, errors, edit } = useBookingPageStore();
  const [copied, setCopied] = useState<string | null>(null);
  if (!draft) return null;
  const storedIds = new Set(view?.types.map((x) => x.id));
  async function copy(link: string) {
    await navigator.clipboard.writeText(link).catch(() => undefined);
    setCopied(link);
  }
  return (
    <section className="bp-types" aria-labelledby="bp-types-title">
      <h3 id="bp-types-title">{t("bpTypes")}</h3>
      {errors["bp-types"] && (
        <p id="bp-types" className="error" role="alert" tabIndex={-1}>
          {t(errors["bp-types"])}
        </p>
      )}
      {draft.types.length === 0 && <p className="muted">{t("bpNoTypes")}</p>}
      {draft.types.map((type, i) => {
        // A link only for a type the Worker already has: an unsaved one would be "not found".
        const link = storedIds.has(type.id) ? typeLink(pageUrl, type.id) : null;
        return (
          <fieldset key={type.key} className="bp-type">
            <legend>{type.title.trim() || t("bpNewType")}</legend>
            {link && (
              <p className="bp-link">
                <span className="muted">{t("bpLink")}</span> <code>{link}</code>{" "}
                <button
                  type="button"
                  onClick={() => void copy(link)}
                  aria-label={`${t("actionCopyLink")}: ${type.title}`}
                >
                  {t("actionCopyLink")}
                </button>
                {copied === link && (
                  <span role="status" className="ok">
                    {" "}
                    {t("bpLinkCopied")}
                  </span>
                )}
              </p>
            )}
            <BookingPageTypeFields index={i} type={type} />
            <button
              type="button"
              className="danger"
              // The visible words first, so speech users can say what they see (WCAG 2.5.3).
              aria-label={`${t("bpRemoveType")}: ${type.title.trim() || t("bpNewType")}`}
              onClick={() => edit((d) => ({ ...d, types: d.types.filter((x) => x.key !== type.key) }))}
            >
              {t("bpRemoveType")}
            </button>
          </fieldset>
        );
      })}
      <button type="button" onClick={() => edit((d) => ({ ...d, types: [...d.types, newTypeDraft()] }), "bp-types")}>
        {t("bpAddType")}
      </button>
    </section>
  );
}
