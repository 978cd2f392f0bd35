import { browser } from "wxt/browser";
import { getBooking } from "../../booking/repository";
import type { Services, ServicesGetter } from "../services";
import { ATTEND_BUTTONS, answerAttendance } from "./attendance";
import { cancelTracked } from "./cancel";
import { listen, logged } from "./listen";
import { parseNotificationId } from "./notify";
import { orQueue } from "./queue";
import { openCheckoutFor } from "./reminders";

/** Reminder buttons, in order (Chrome shows at most two). */
export const REMINDER_BUTTONS = ["pay", "cancel"] as const;

/**
 * "Pay now" opens the checkout; "Cancel booking" runs the popup's cancel flow (queued when
 * offline). On the attendance question: Attended / No-show send the answer.
 */
export async function onReminderButton(notifId: string, buttonIndex: number, s: Services): Promise<void> {
  const parsed = parseNotificationId(notifId);
  if (parsed?.kind === "attend") {
    const button = ATTEND_BUTTONS[buttonIndex];
    if (button) await answerAttendance(parsed.bookingId, button === "attended", s);
    return;
  }
  if (parsed?.kind !== "reminder") return;
  await browser.notifications.clear(notifId);
  const button = REMINDER_BUTTONS[buttonIndex];
  if (button === "pay") await openCheckoutFor(parsed.bookingId, s);
  else if (button === "cancel") {
    const b = await getBooking(parsed.bookingId);
    if (b) await orQueue("cancel", b, () => cancelTracked(b.id, s, "user"), "user");
  }
}

/** Clicking a notification's body: the reminder opens the checkout, the confirmation the event. */
export async function onNotificationClicked(id: string, s: Services): Promise<void> {
  const parsed = parseNotificationId(id);
  if (!parsed) return;
  await browser.notifications.clear(id);
  if (parsed.kind === "reminder") await openCheckoutFor(parsed.bookingId, s);
  if (parsed.kind === "confirmed") {
    const b = await getBooking(parsed.bookingId);
    if (b?.htmlLink) await s.openTab(b.htmlLink);
  }
}

/** The notification triggers: button and body clicks. Returns the removal. */
export function registerNotifications(services: ServicesGetter): () => void {
  const removers = [
    listen(browser.notifications.onButtonClicked, (id: string, index: number) =>
      logged("notification button", onReminderButton(id, index, services())),
    ),
    listen(browser.notifications.onClicked, (id: string) =>
      logged("notification click", onNotificationClicked(id, services())),
    ),
  ];
  return () => {
    for (const remove of removers) remove();
  };
}
