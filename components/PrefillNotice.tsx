import type { PrefillRequest } from "@/utils/booking/types";
import { t } from "@/utils/i18n";

/** What the right-click request said and what was understood from it, with the confidence. */
export function PrefillNotice({ prefill, onDismiss }: { prefill: PrefillRequest; onDismiss(): void }) {
  const p = prefill.parsed;
  return (
    <section className="notice" aria-labelledby="prefill-title">
      <h2 id="prefill-title">{t("prefillTitle")}</h2>
      <p>
        <span className="muted">{t("prefillSelected")}</span> <q>{prefill.text}</q>
      </p>
      {p ? (
        <p>
          <span className="muted">{t("prefillUnderstood")}</span> <q>{p.matchedText}</q>{" "}
          <span className={`chip chip-confidence-${p.confidence}`}>{t(`confidence_${p.confidence}`)}</span>
        </p>
      ) : (
        <p>{t("prefillNotUnderstood")}</p>
      )}
      {prefill.pageTitle && <p className="muted">{t("prefillFrom", prefill.pageTitle)}</p>}
      <button type="button" className="link-button" onClick={onDismiss}>
        {t("dismiss")}
      </button>
    </section>
  );
}
