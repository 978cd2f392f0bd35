import type { ManageView } from "../../../../utils/api/manage";
import { formatMoney, formatWhen, zoneName } from "../format";
import { STRINGS } from "../i18n";
import { fill, type ManageStrings } from "./strings";

/** The printable receipt of the manage page: provider, amount, transaction id, time, and the refund if any. */
export function ManageReceipt(props: { view: ManageView; locale: "en" | "es" | "pt-BR"; t: ManageStrings }) {
  const { view, locale, t } = props;
  const ct = STRINGS[locale];
  const p = view.payment;
  if (!p) return <p>{t.stateInactive}</p>;
  const at = (iso: string) => (
    <time dateTime={iso}>
      {formatWhen(iso, locale)} ({zoneName(iso, locale)})
    </time>
  );
  return (
    <section className="receipt" aria-labelledby="receipt-title">
      <h2 id="receipt-title">{ct.receipt}</h2>
      <dl>
        <dt>{ct.event}</dt>
        <dd>{view.title}</dd>
        <dt>{ct.receiptProvider}</dt>
        <dd>{ct[p.provider]}</dd>
        <dt>{ct.receiptAmount}</dt>
        <dd>{formatMoney({ value: p.amount, currency: p.currency }, locale)}</dd>
        <dt>{ct.receiptTransaction}</dt>
        <dd className="mono">{p.transactionId}</dd>
        <dt>{ct.receiptTime}</dt>
        <dd>{at(p.paidAt)}</dd>
        {view.refund && (
          <>
            <dt>{t.refund}</dt>
            <dd>
              {view.refund.status === "completed" ? (
                <>
                  {fill(
                    t.refundDone,
                    formatMoney({ value: view.refund.amount, currency: view.refund.currency }, locale),
                  )}{" "}
                  · {at(view.refund.at)}
                </>
              ) : (
                t.refundPending
              )}
            </dd>
          </>
        )}
      </dl>
      <button type="button" className="secondary no-print" onClick={() => window.print()}>
        {ct.print}
      </button>
    </section>
  );
}
