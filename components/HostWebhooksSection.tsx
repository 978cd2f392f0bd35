import "@/assets/host-webhooks.css";
import { type FormEvent, useEffect, useState } from "react";
import type { HostDelivery } from "@/utils/api/host-webhooks";
import { useHostWebhooksStore } from "@/utils/host-webhooks/store";
import { currentLanguage, t } from "@/utils/i18n";
import { formatDateTime } from "@/utils/intl-format";
import { Field, invalidProps } from "./Field";

/**
 * The options page's "Webhooks" section, for the host (the Worker's ADMIN_EMAIL): the receiver URL
 * checked as it is typed, the signing secret shown once with a copy button, and the deliveries
 * with their status and attempts, each replayable.
 */
export function HostWebhooksSection() {
  const { status, load } = useHostWebhooksStore();
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <section className="host-webhooks" aria-labelledby="hw-title">
      <h2 id="hw-title">{t("hwTitle")}</h2>
      <p className="muted">{t("hwIntro")}</p>
      {status === "loading" && <p aria-live="polite">{t("loading")}</p>}
      {status === "signedOut" && <p className="muted">{t("hwSignIn")}</p>}
      {status === "notHost" && <p className="muted">{t("hwNotHost")}</p>}
      {status === "absent" && <p className="muted">{t("hwAbsent")}</p>}
      {status === "error" && (
        <div role="alert">
          <p className="error">{t("hwLoadError")}</p>
          <button type="button" onClick={() => void load()}>
            {t("actionRetry")}
          </button>
        </div>
      )}
      {status === "ready" && (
        <>
          <ReceiverForm />
          <Deliveries />
        </>
      )}
    </section>
  );
}

function ReceiverForm() {
  const { view, url, urlError, secret, busy, saved, actionError, setUrl, save, clear, rotate } = useHostWebhooksStore();
  const [copied, setCopied] = useState(false);
  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (!(await save()) && useHostWebhooksStore.getState().urlError) document.getElementById("hw-url")?.focus();
  }
  async function copy(text: string) {
    await navigator.clipboard.writeText(text).catch(() => undefined);
    setCopied(true);
  }
  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate aria-labelledby="hw-title">
      <Field
        id="hw-url"
        label={t("hwUrl")}
        error={urlError ?? undefined}
        hint={<p className="muted hint">{t("hwUrlHint")}</p>}
      >
        <input
          id="hw-url"
          type="url"
          autoComplete="off"
          spellCheck={false}
          placeholder="https://"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          {...invalidProps("hw-url", urlError ?? undefined)}
        />
      </Field>
      <div className="hw-actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t("hwSaving") : t("hwSave")}
        </button>
        {view?.url && (
          <>
            <button type="button" disabled={busy} onClick={() => void rotate().then(() => setCopied(false))}>
              {t("hwRotate")}
            </button>
            <button type="button" className="danger" disabled={busy} onClick={() => void clear()}>
              {t("hwRemove")}
            </button>
          </>
        )}
      </div>
      {saved && (
        <p role="status" className="ok">
          {t("hwSaved")}
        </p>
      )}
      {actionError && (
        <p role="alert" className="error">
          {t(actionError.key, actionError.detail ?? "")}
        </p>
      )}
      {secret && (
        <section className="hw-secret" aria-labelledby="hw-secret-title">
          <h3 id="hw-secret-title">{t("hwSecretTitle")}</h3>
          <p className="muted">{t("hwSecretHint")}</p>
          <p>
            <code>{secret}</code>{" "}
            <button type="button" onClick={() => void copy(secret)}>
              {t("hwCopySecret")}
            </button>
            {copied && (
              <span role="status" className="ok">
                {" "}
                {t("hwSecretCopied")}
              </span>
            )}
          </p>
        </section>
      )}
    </form>
  );
}

function Deliveries() {
  const { deliveries, nextCursor, busy, load, more, replay } = useHostWebhooksStore();
  const lang = currentLanguage();
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const when = (iso: string | null) => (iso ? formatDateTime(iso, zone, lang) : "—");
  return (
    <section className="hw-deliveries" aria-labelledby="hw-deliveries-title">
      <h3 id="hw-deliveries-title">{t("hwDeliveries")}</h3>
      <button type="button" disabled={busy} onClick={() => void load()}>
        {t("hwRefresh")}
      </button>
      {deliveries.length === 0 ? (
        <p className="muted">{t("hwNoDeliveries")}</p>
      ) : (
        <table>
          <caption className="visually-hidden">{t("hwDeliveries")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("hwColEvent")}</th>
              <th scope="col">{t("hwColTime")}</th>
              <th scope="col">{t("hwColStatus")}</th>
              <th scope="col">{t("hwColAttempts")}</th>
              <th scope="col">{t("hwColLast")}</th>
              <th scope="col">{t("hwColNext")}</th>
              <th scope="col">{t("hwColAction")}</th>
            </tr>
          </thead>
          <tbody>
            {deliveries.map((d) => (
              <Row key={d.id} d={d} when={when} busy={busy} onReplay={() => void replay(d.id)} />
            ))}
          </tbody>
        </table>
      )}
      {nextCursor && (
        <button type="button" disabled={busy} onClick={() => void more()}>
          {t("hwMore")}
        </button>
      )}
    </section>
  );
}

function Row(props: { d: HostDelivery; when: (iso: string | null) => string; busy: boolean; onReplay: () => void }) {
  const { d, when } = props;
  return (
    <tr>
      <th scope="row">
        <code>{d.type}</code>
      </th>
      <td>{when(d.createdAt)}</td>
      <td className={`hw-status hw-${d.status}`}>{t(`hwStatus_${d.status}`)}</td>
      <td>{d.attempts}</td>
      <td>{d.lastError ?? "—"}</td>
      <td>{d.status === "pending" ? when(d.nextAttemptAt) : "—"}</td>
      <td>
        <button
          type="button"
          disabled={props.busy}
          onClick={props.onReplay}
          // The visible word first (WCAG 2.5.3), then which delivery.
          aria-label={`${t("hwReplay")}: ${d.type}, ${when(d.createdAt)}`}
        >
          {t("hwReplay")}
        </button>
      </td>
    </tr>
  );
}
