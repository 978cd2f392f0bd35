import "@/assets/booking-page.css";
import { useEffect, useState } from "react";
import type { AdminBooking } from "@/utils/api/booking-page";
import { providerName } from "@/utils/background/tracker/notify";
import { adminClient } from "@/utils/booking-page/client";
import { AuthRequiredError } from "@/utils/google/auth";
import { currentLanguage, t } from "@/utils/i18n";
import { WorkerApiError } from "@/utils/worker-client";
import { AttendanceAnswer } from "./AttendanceAnswer";

/** How far ahead the popup lists the page's bookings. */
const AHEAD_DAYS = 60;
/** How far back: ended bookings stay listed while they await "did they attend?" (the Worker's window is 48 h by default). */
const BACK_DAYS = 7;

/**
 * The booking page's upcoming bookings (`GET /v1/admin/bookings`), beside the popup's own: for the
 * host only — for any other account, or a Worker without a booking page, it shows nothing.
 */
export function PageBookings() {
  const [bookings, setBookings] = useState<AdminBooking[] | null>(null);
  const [state, setState] = useState<"loading" | "hidden" | "error" | "ready">("loading");
  useEffect(() => {
    let live = true;
    (async () => {
      const now = Date.now();
      const list = await (await adminClient()).listBookings(
        new Date(now - BACK_DAYS * 86_400_000).toISOString(),
        new Date(now + AHEAD_DAYS * 86_400_000).toISOString(),
      );
      if (!live) return;
      // Past bookings only while their attendance question is open.
      const shown = (b: AdminBooking) =>
        b.status !== "released" && (Date.parse(b.slot.end) >= now - 3600_000 || b.attendance?.status === "awaiting");
      setBookings(list.filter(shown));
      setState("ready");
    })().catch((e: unknown) => {
      if (!live) return;
      const notOurs =
        e instanceof AuthRequiredError || (e instanceof WorkerApiError && [401, 403, 404].includes(e.status));
      setState(notOurs ? "hidden" : "error");
    });
    return () => {
      live = false;
    };
  }, []);
  if (state === "hidden" || state === "loading") return null;
  return (
    <section aria-labelledby="page-bookings-title" className="page-bookings">
      <h2 id="page-bookings-title">{t("pbTitle")}</h2>
      {state === "error" && (
        <p role="alert" className="error">
          {t("pbLoadError")}
        </p>
      )}
      {state === "ready" && bookings?.length === 0 && <p className="muted">{t("pbEmpty")}</p>}
      {bookings && bookings.length > 0 && (
        <ul className="booking-list">
          {bookings.slice(0, 20).map((b) => (
            <PageBookingItem key={b.reservationId} booking={b} />
          ))}
        </ul>
      )}
    </section>
  );
}

function PageBookingItem({ booking: initial }: { booking: AdminBooking }) {
  const [b, setBooking] = useState(initial);
  const when = new Intl.DateTimeFormat(currentLanguage(), { dateStyle: "medium", timeStyle: "short" }).format(
    new Date(b.slot.start),
  );
  const paid = b.payment.provider && ["booked", "creating"].includes(b.status);
  return (
    <li className="booking">
      <div className="booking-head">
        <span className="booking-title">{t("pbItemTitle", [b.title, b.lead.name])}</span>{" "}
        <span className={`chip chip-page-${b.status}`}>{t(`pbStatus_${b.status}`)}</span>
      </div>
      <div className="muted">
        {when} · {b.lead.email}
      </div>
      {paid && (
        <div className="muted">
          {t("pbPaid", [
            `${b.payment.amount.value} ${b.payment.amount.currency}`,
            b.payment.provider ? providerName(b.payment.provider) : "",
          ])}
        </div>
      )}
      {b.attendance && (
        <AttendanceAnswer
          bookingId={b.bookingId}
          lead={b.lead.name}
          attendance={b.attendance}
          onAnswered={(attendance) => setBooking({ ...b, attendance })}
        />
      )}
      {b.event.error && (
        <p role="alert" className="error">
          {t("pbEventQueued", b.event.error)}
        </p>
      )}
      <div className="actions">
        {b.event.htmlLink && (
          <a href={b.event.htmlLink} target="_blank" rel="noreferrer">
            {t("actionOpenCalendar")}
          </a>
        )}
        {b.event.meetLink && (
          <a href={b.event.meetLink} target="_blank" rel="noreferrer">
            {t("pbMeet")}
          </a>
        )}
      </div>
    </li>
  );
}
