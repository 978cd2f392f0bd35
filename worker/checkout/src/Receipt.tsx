import type { CheckoutReceipt, PublicCheckoutView } from "../../../utils/api/contract";
import { formatMoney, formatWhen, zoneName } from "./format";
import type { Strings } from "./i18n";

/** The proof of payment of a paid checkout, printable on its own (the print stylesheet hides the rest). */
export function Receipt({
  view,
  receipt,
  locale,
  t,
}: {
  view: PublicCheckoutView;
  receipt: CheckoutReceipt;
  locale: string;
  t: Strings;
}) {
  return (
    <section className="receipt" aria-labelledby="receipt-title">
      <h2 id="receipt-title">{t.receipt}</h2>
      <dl>
        <dt>{t.event}</dt>
        <dd>{view.summary}</dd>
        <dt>{t.receiptProvider}</dt>
        <dd>{t[receipt.provider]}</dd>
        <dt>{t.receiptAmount}</dt>
        <dd>{formatMoney({ value: receipt.amount, currency: receipt.currency }, locale)}</dd>
        <dt>{t.receiptTransaction}</dt>
        <dd className="mono">{receipt.transactionId}</dd>
        <dt>{t.receiptTime}</dt>
        <dd>
          <time dateTime={receipt.paidAt}>
            {formatWhen(receipt.paidAt, locale)} ({zoneName(receipt.paidAt, locale)})
          </time>
        </dd>
      </dl>
      <button type="button" className="secondary no-print" onClick={() => window.print()}>
        {t.print}
      </button>
    </section>
  );
}
