import type { Organizer, PublicCheckoutView } from "../../../utils/api/contract";
import { formatCountdown, formatMoney, formatRange, viewerZone, zoneName } from "./format";
import type { Strings } from "./i18n";

/** "Ana Lima (ana@example.com)", or whichever of the two is known. */
export function organizerName(o: Organizer): string {
  return o.name && o.email ? `${o.name} (${o.email})` : (o.name ?? o.email ?? "");
}

/**
 * What the payer is asked for: who asks, for which event, when (in their own zone and the
 * event's, each named in their language), how much, what the fee is for and whether it comes back.
 */
export function Details({
  view,
  locale,
  t,
  secondsLeft,
  active,
}: {
  view: PublicCheckoutView;
  locale: string;
  t: Strings;
  secondsLeft: number;
  active: boolean;
}) {
  const mine = viewerZone();
  return (
    <>
      {view.status !== "paid" && (
        <p className="lead">
          {view.organizer ? t.askedBy.replace("$1", organizerName(view.organizer)) : t.askedGeneric}
        </p>
      )}
      <dl>
        <dt>{t.event}</dt>
        <dd>{view.summary}</dd>
        <dt>{t.whenLocal}</dt>
        <dd>
          {formatRange(view.start, view.end, locale)}
          <span className="zone"> · {zoneName(view.start, locale, mine)}</span>
        </dd>
        <dt>{t.whenEvent}</dt>
        <dd>
          {formatRange(view.start, view.end, locale, view.timeZone)}
          <span className="zone">
            {" "}
            · {zoneName(view.start, locale, view.timeZone)} ({view.timeZone})
          </span>
        </dd>
        <dt>{t.amount}</dt>
        <dd className="amount">{formatMoney(view.amount, locale)}</dd>
        <dt>{t.feeFor}</dt>
        <dd>{t.feeExplain}</dd>
        <dt>{t.refunds}</dt>
        <dd>
          <strong>{view.refundable ? t.refundYes : t.refundNo}</strong>{" "}
          {view.refundable &&
            `${(view.noAnswer === "refund" ? t.noAnswerRefund : t.noAnswerKeep).replace(
              "$1",
              new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(view.attendanceWindowHours),
            )} `}
          {t.lateRefund}
        </dd>
        {active && (
          <>
            <dt>{t.timeLeft}</dt>
            <dd>
              <time dateTime={`PT${secondsLeft}S`}>{formatCountdown(secondsLeft, locale)}</time>
            </dd>
          </>
        )}
      </dl>
    </>
  );
}
