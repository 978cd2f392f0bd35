import { useEffect } from "react";
import type { PageBookingView } from "../../../utils/api/booking-page";
import { BOOKED_STRINGS } from "./booked-strings";
import { formatWhen } from "./format";
import type { Locale } from "./i18n";

/** While the Worker creates the event after payment, how often the page asks again. */
const CREATING_POLL_MS = 2000;

/**
 * The booking-page part of a checkout (`view.booking`): once the event exists, "booked" with the
 * time in the lead's zone and the host's, the Meet link and an .ics; while it is being created, a
 * note and a poll; if the slot was lost or released, the way back to the free slots.
 */
export function Booked(props: {
  booking: PageBookingView;
  locale: Locale;
  onRefresh(): void;
  /** The lead's manage page (cancel, reschedule, receipt), once paid. */
  manageUrl?: string | null;
}) {
  const { booking: b, locale, onRefresh, manageUrl } = props;
  const t = BOOKED_STRINGS[locale];
  useEffect(() => {
    if (b.state !== "creating") return;
    const timer = setInterval(onRefresh, CREATING_POLL_MS);
    return () => clearInterval(timer);
  }, [b.state, onRefresh]);
  if (b.state === "held") return null;
  const manage = manageUrl ? (
    <a className="link-button secondary" href={manageUrl}>
      {t.manage}
    </a>
  ) : null;
  if (b.state === "cancelled")
    return (
      <section aria-labelledby="booked-h" className="booked">
        <p id="booked-h" className="status bad" role="status">
          {t.cancelledBody}
        </p>
        {manage}
      </section>
    );
  if (b.state === "creating")
    return (
      <p className="status" role="status">
        {t.creatingBody}
      </p>
    );
  if (b.state === "slot_lost" || b.state === "released")
    return (
      <section aria-labelledby="booked-h" className="booked">
        <p id="booked-h" className="status bad" role="status">
          {b.state === "slot_lost" ? t.slotLostBody : t.releasedBody}
        </p>
        <a className="link-button" href={b.rebookUrl}>
          {t.pickAnother}
        </a>
      </section>
    );
  const leadZone = b.leadTimeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  return (
    <section aria-labelledby="booked-h" className="booked">
      <h2 id="booked-h">{t.bookedTitle}</h2>
      <p className="status paid" role="status">
        {t.bookedBody}
      </p>
      <dl>
        <dt>{t.yourTime}</dt>
        <dd>
          {formatWhen(b.start, locale, leadZone)} ({leadZone})
        </dd>
        {leadZone !== b.hostTimeZone && (
          <>
            <dt>{t.hostTime}</dt>
            <dd>
              {formatWhen(b.start, locale, b.hostTimeZone)} ({b.hostTimeZone})
            </dd>
          </>
        )}
      </dl>
      {b.meetLink && (
        <a className="link-button" href={b.meetLink} target="_blank" rel="noreferrer">
          {t.meet}
        </a>
      )}
      {b.icsUrl && (
        <a className="link-button secondary" href={b.icsUrl} download={`${b.typeId}.ics`}>
          {t.ics}
        </a>
      )}
      {manage}
    </section>
  );
}
