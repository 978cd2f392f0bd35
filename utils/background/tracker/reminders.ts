import { checkoutUrlForExtension } from "../../booking/create-flow";
import { getBooking } from "../../booking/repository";
import type { Services } from "../services";
import { notificationId, notify, shortTime } from "./notify";
import { applyWorkerStatus } from "./reconcile";
import { userText } from "./user-text";

/**
 * A reminder alarm fired: asks the Worker first and shows the reminder only while the checkout
 * is still open — never after payment. Paid → confirmed instead; ended → released. If the Worker
 * cannot be reached the reminder is skipped rather than risk reminding someone who already paid.
 */
export async function remindBooking(id: string, s: Services): Promise<boolean> {
  const b = await getBooking(id);
  if (b?.status !== "awaiting_payment" || !b.holdUntil) return false;
  let status: Awaited<ReturnType<Awaited<ReturnType<Services["worker"]>>["getCheckout"]>>;
  try {
    status = await (await s.worker()).getCheckout(b.id, b.secret);
  } catch (e) {
    console.warn("LeadsCalendar: reminder skipped, the Worker is unreachable", e);
    return false;
  }
  // Paid → confirmed, ended → released, still running → the hold re-synced by the Worker's clock.
  await applyWorkerStatus(b, status, s);
  if (status.status !== "open" && status.status !== "pending") return false;
  const { t, lang } = await userText();
  await notify(
    notificationId("reminder", id),
    t("notifReminderTitle", b.summary),
    t("notifReminderMessage", [
      `${status.amount.value} ${status.amount.currency}`,
      shortTime(b.holdUntil, b.timeZone, lang),
    ]),
    [t("notifPayNow"), t("notifCancelBooking")],
    true,
  );
  return true;
}

/** Opens a booking's checkout page (the page then tells this extension when it is paid). */
export async function openCheckoutFor(id: string, s: Services): Promise<boolean> {
  const b = await getBooking(id);
  if (!b?.checkoutUrl || b.status !== "awaiting_payment") return false;
  await s.openTab(checkoutUrlForExtension(b.checkoutUrl, s.extensionId()));
  return true;
}
