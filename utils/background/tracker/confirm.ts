import type { CheckoutStatusResponse } from "../../api/contract";
import { CONFIRMED_COLOR_ID, feeRuleLine, PROP_BOOKING, PROP_STATE } from "../../booking/event-body";
import { type BookingLocale, eventText } from "../../booking/event-text";
import { withBooking } from "../../booking/repository";
import type { Booking, Receipt } from "../../booking/types";
import type { CalendarEvent } from "../../google/calendar-types";
import { GoogleApiError } from "../../google/errors";
import type { Services } from "../services";
import { updateBadge } from "./badge";
import { notificationId, notify, providerName, shortTime } from "./notify";
import { userText } from "./user-text";

/**
 * "Paid 1.00 USD with PayPal (transaction 8AB…) at Dec 1, 2026, 3:00 PM": the receipt line of the
 * event, which guests read too, so in the booking's language like the rest of the event's text.
 */
export function receiptLine(r: Receipt, timeZone: string, locale?: BookingLocale): string {
  return eventText(locale, "receiptLine", [
    r.amount,
    r.currency,
    providerName(r.provider),
    r.transactionId,
    shortTime(r.paidAt, timeZone, locale ?? "en"),
  ]);
}

/**
 * The confirmed event (docs/architecture.md "Booking lifecycle"): status confirmed, the user's title without
 * the marker, the confirmed colour, the description without the pay link and with the receipt
 * line appended, and `lcState` = confirmed. Rebuilt from the booking, so a repeat is identical.
 */
export function confirmedEventPatch(b: Booking, receipt: Receipt): CalendarEvent {
  const description = [
    b.description.trim(),
    receiptLine(receipt, b.timeZone, b.locale),
    feeRuleLine(b),
    "— LeadsCalendar",
  ]
    .filter(Boolean)
    .join("\n\n");
  return {
    status: "confirmed",
    summary: b.summary,
    colorId: CONFIRMED_COLOR_ID,
    description,
    extendedProperties: { private: { [PROP_BOOKING]: b.id, [PROP_STATE]: "confirmed" } },
  };
}

/** The Worker's receipt in the booking's shape; undefined when the Worker does not say "paid". */
export function receiptFrom(status: CheckoutStatusResponse): Receipt | undefined {
  if (status.status !== "paid" || !status.receipt) return undefined;
  const { provider, amount, currency, transactionId, paidAt } = status.receipt;
  return { provider, amount, currency, transactionId, paidAt };
}

/**
 * Drives a booking the Worker reports paid to `confirmed`: records `paid` with the receipt,
 * patches the event, shows one notification and records `confirmed` (under the booking's lock, so
 * a second trigger finds it confirmed and shows nothing). `status` is the Worker's answer when the
 * caller already has it; otherwise the Worker is asked. Never trusts anything but the Worker.
 * Throws on Google/Worker failures (the caller queues network failures).
 */
export function confirmBooking(id: string, s: Services, status?: CheckoutStatusResponse): Promise<Booking | undefined> {
  return withBooking(id, async (tx) => {
    let b = await tx.read();
    if (!b) return undefined;
    if (b.status === "awaiting_payment") {
      const answer = status ?? (await (await s.worker()).getCheckout(b.id, b.secret));
      const receipt = receiptFrom(answer);
      if (!receipt) return b; // not paid (or no receipt yet): nothing to confirm
      b = await tx.apply({ type: "paid", receipt });
    }
    if (b.status !== "paid" || !b.receipt) return b;
    try {
      await s.calendar.patchEvent(b.calendarId, b.eventId, confirmedEventPatch(b, b.receipt), {
        sendUpdates: b.guests.length ? "all" : "none",
      });
    } catch (e) {
      // The user deleted the event after paying: the payment still stands, so the booking is confirmed.
      if (!(e instanceof GoogleApiError && (e.kind === "not_found" || e.kind === "gone"))) throw e;
    }
    // Shown before `confirmed` is recorded: a worker killed in between shows it again on the retry,
    // under the same id, so the user sees it exactly once instead of possibly never.
    const { t, lang } = await userText();
    await notify(
      notificationId("confirmed", id),
      t("notifConfirmedTitle", [b.summary, providerName(b.receipt.provider)]),
      t("notifConfirmedMessage", [
        b.receipt.amount,
        b.receipt.currency,
        b.receipt.transactionId,
        shortTime(b.start, b.timeZone, lang),
      ]),
    ).catch((e: unknown) => console.warn("LeadsCalendar: confirmation notification failed", e));
    const done = await tx.apply({ type: "confirmed" });
    await updateBadge();
    return done;
  });
}
