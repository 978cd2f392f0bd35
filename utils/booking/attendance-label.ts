import type { AttendanceView } from "../api/contract";
import type { MessageKey } from "../message-key";

/**
 * The i18n key saying where a refundable fee stands after the event ("Refunded (attended)", "Fee
 * kept (no-show)"…), shared by the popup's own bookings and the booking page's; null while the
 * question is still open (the caller asks it instead).
 */
export function attendanceLabel(a: AttendanceView): MessageKey | null {
  switch (a.status) {
    case "awaiting":
      return null;
    case "attended":
      return a.refund === "refunded" ? "attendRefundedAttended" : "attendRefundingAttended";
    case "defaulted_refund":
      return a.refund === "refunded" ? "attendRefundedNoAnswer" : "attendRefundingNoAnswer";
    case "no_show":
      return "attendKeptNoShow";
    case "defaulted_keep":
      return "attendKeptNoAnswer";
  }
}
