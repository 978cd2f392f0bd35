import { browser } from "wxt/browser";
import type { CheckoutStatusResponse } from "../../api/contract";
import { getBooking, withBooking } from "../../booking/repository";
import type { Booking } from "../../booking/types";
import { listBookings } from "../../storage";
import { WorkerApiError } from "../../worker-client";
import type { Services } from "../services";
import { notificationId, notify } from "./notify";
import { userText } from "./user-text";

// "Did <guest> attend?" for the popup's bookings that refund their fee on attendance
// (docs/architecture.md "Attendance"): an alarm at the event's end (`lc-attend:<id>`, planned with
// the other booking alarms, so it survives a killed worker and a browser restart) shows a
// notification with Attended / No-show; the answer goes to the Worker with the booking's secret.

/** Alarm name prefix: `lc-attend:<bookingId>` at the event's end. */
export const ATTEND_PREFIX = "lc-attend:";

/** Notification buttons, in order. */
export const ATTEND_BUTTONS = ["attended", "no_show"] as const;

/** True while the question is still to be asked: a confirmed refundable booking nobody has answered. */
export function attendanceToAsk(b: Booking): boolean {
  return !!b.refundIfAttended && b.status === "confirmed" && !b.attendanceAskedAt && !b.attendance;
}

/** True while the fee is on its way back: the poll keeps asking the Worker until it is refunded. */
export function attendanceRefunding(b: Booking): boolean {
  return !!b.refundIfAttended && b.attendance?.refund === "pending";
}

/** The person the question is about: the first guest, else the booking's title. */
function leadOf(b: Booking): string {
  return b.guests[0] ?? b.summary;
}

async function showQuestion(b: Booking, retry = false): Promise<void> {
  const { t } = await userText();
  await notify(
    notificationId("attend", b.id),
    t("notifAttendTitle", leadOf(b)),
    retry ? t("notifAttendRetry") : t("notifAttendMessage", b.summary),
    [t("attendAttended"), t("attendNoShow")],
    true,
  );
}

/**
 * The attendance alarm fired: shows the question once and records that it was shown (shown
 * first, like the confirmation: a worker killed in between shows it again under the same id).
 */
export function askAttendance(id: string): Promise<boolean> {
  return withBooking(id, async (tx) => {
    const b = await tx.read();
    if (!b || !attendanceToAsk(b)) return false;
    await showQuestion(b);
    await tx.apply({ type: "attendanceAsked" });
    return true;
  });
}

/** Records the Worker's attendance view on the booking when it says something new. */
export async function recordAttendance(id: string, status: CheckoutStatusResponse): Promise<boolean> {
  const a = status.attendance;
  if (!a) return false;
  return withBooking(id, async (tx) => {
    const b = await tx.read();
    if (!b?.refundIfAttended || (b.status !== "paid" && b.status !== "confirmed")) return false;
    const same = b.attendance?.status === a.status && b.attendance.refund === a.refund;
    if (same) return false;
    await tx.apply({ type: "attendance", attendance: a });
    return true;
  });
}

/**
 * A button of the question: sends the answer with the booking's secret. A 409 means it was
 * answered already (or the window closed and the default applied): what the Worker recorded is
 * kept. When the Worker cannot be reached, the question comes back saying so.
 */
export async function answerAttendance(id: string, attended: boolean, s: Services): Promise<boolean> {
  await browser.notifications.clear(notificationId("attend", id));
  const b = await getBooking(id);
  if (!b?.refundIfAttended) return false;
  const worker = await s.worker();
  try {
    return await recordAttendance(id, await worker.answerAttendance(b.id, b.secret, attended));
  } catch (e) {
    if (e instanceof WorkerApiError && e.status === 409) {
      return recordAttendance(id, await worker.getCheckout(b.id, b.secret)).catch(() => false);
    }
    console.warn("LeadsCalendar: attendance answer not sent", e);
    await showQuestion(b, true);
    return false;
  }
}

/** The poll's part: refunds still in progress are asked about until the Worker says refunded. */
export async function refreshRefunding(s: Services): Promise<number> {
  const list = (await listBookings()).filter(attendanceRefunding);
  if (list.length === 0) return 0;
  const res = await (await s.worker()).batchStatus(list.map((b) => ({ bookingId: b.id, secret: b.secret })));
  let changed = 0;
  for (const item of res.items) {
    const b = list.find((x) => x.id.toLowerCase() === item.bookingId.toLowerCase());
    if (b && !("error" in item) && (await recordAttendance(b.id, item))) changed++;
  }
  return changed;
}
