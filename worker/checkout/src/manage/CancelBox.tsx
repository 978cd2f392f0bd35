import { useState } from "react";
import type { ManageView } from "../../../../utils/api/manage";
import { formatMoney, viewerZone } from "../format";
import { manageApi } from "./api";
import { errorText, type ManageNotice, ruleText } from "./ManageApp";
import { fill, type ManageStrings } from "./strings";

/**
 * Cancel: the refund rule is stated first, then a confirmation that says whether this cancel is
 * refunded; only "Yes" POSTs. Once cancelled, what happened to the fee.
 */
export function CancelBox(props: {
  token: string;
  view: ManageView;
  locale: string;
  t: ManageStrings;
  onDone(v: ManageView): void;
  onNotice(n: ManageNotice | null): void;
}) {
  const { view, locale, t } = props;
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const fee = view.payment ? formatMoney({ value: view.payment.amount, currency: view.payment.currency }, locale) : "";
  const zone = view.leadTimeZone ?? viewerZone();

  if (view.cancelled) {
    const text = !view.cancelled.refunded
      ? t.cancelledKept
      : fill(view.refund?.status === "completed" ? t.cancelledRefunded : t.cancelledRefund, fee);
    return (
      <section aria-labelledby="cancel-h">
        <h2 id="cancel-h">{t.cancelTitle}</h2>
        <p>{text}</p>
      </section>
    );
  }

  const cancel = async () => {
    setBusy(true);
    props.onNotice(null);
    try {
      const res = await manageApi.cancel(props.token);
      props.onDone(res.view);
      if (res.alreadyCancelled) props.onNotice({ tone: "success", text: t.alreadyCancelled });
    } catch (err) {
      props.onNotice({ tone: "error", text: errorText(err, t) });
    } finally {
      setBusy(false);
      setConfirming(false);
    }
  };

  return (
    <section aria-labelledby="cancel-h">
      <h2 id="cancel-h">{t.cancelTitle}</h2>
      <p>{ruleText(view, locale, t, zone)}</p>
      {!confirming ? (
        <button type="button" className="secondary" onClick={() => setConfirming(true)}>
          {t.cancelStart}
        </button>
      ) : (
        <fieldset className="confirm">
          <legend>
            <strong>{fill(view.policy.refundNow ? t.cancelConfirmRefund : t.cancelConfirmKeep, fee)}</strong>
          </legend>
          <button type="button" onClick={() => void cancel()} disabled={busy}>
            {busy ? t.working : t.cancelYes}
          </button>{" "}
          <button type="button" className="secondary" onClick={() => setConfirming(false)} disabled={busy}>
            {t.cancelNo}
          </button>
        </fieldset>
      )}
    </section>
  );
}
