import { browser } from "wxt/browser";
import { getBooking } from "../../booking/repository";
import type { Booking } from "../../booking/types";
import { onMessage } from "../../messaging";
import { settingsItem } from "../../settings";
import { bookingsItem } from "../../storage";
import { defaultServices } from "../services";
import { parseAlarm, rescheduleAllBookingAlarms } from "./alarms";
import { updateBadge } from "./badge";
import type { ServicesGetter } from "./context";
import { expireBooking } from "./expiry";
import { type ExternalSender, handleExternalMessage } from "./external-message";
import { notificationId, parseNotificationId } from "./notify";
import { NETWORK_CODES } from "./offline";
import { ensurePoll, POLL_ALARM, pollTick } from "./poll";
import { enqueue, pendingActions } from "./queue";
import { orQueue } from "./reconcile";
import { onReminderButton, openCheckoutFor, remindBooking } from "./reminders";
import { reconcileOnStartup } from "./startup";

// Listeners return the settled promise: the browser ignores it, tests await it.
function logged(what: string, p: Promise<unknown>): Promise<void> {
  return p.then(
    () => undefined,
    (e: unknown) => console.error(`LeadsCalendar: ${what} failed`, e),
  );
}

/** Fires an alarm: the poll, a booking's expiry or one of its reminders. */
export async function onAlarm(name: string, services: ServicesGetter): Promise<void> {
  if (name === POLL_ALARM) return pollTick(services());
  const alarm = parseAlarm(name);
  if (!alarm) return;
  const s = services();
  if (alarm.kind === "remind") {
    await remindBooking(alarm.bookingId, s);
    return;
  }
  const b = await getBooking(alarm.bookingId);
  if (b?.status === "awaiting_payment") await orQueue("expire", b, () => expireBooking(b.id, s));
}

/**
 * Storage changed: keeps alarms, the poll, reminders on screen and the badge in step with the
 * bookings — whoever changed them (popup, create flow, tracker).
 */
export async function onBookingsChanged(next: Record<string, Booking>, prev: Record<string, Booking> | null) {
  const now = Object.values(next ?? {});
  await rescheduleAllBookingAlarms(now);
  let newlyAwaiting = false;
  for (const b of now) {
    const before = prev?.[b.id]?.status;
    if (b.status === "awaiting_payment" && before !== "awaiting_payment") newlyAwaiting = true;
    // A creation that failed offline waits in the queue and resumes once the browser is back online.
    if (b.status === "failed" && before !== "failed" && NETWORK_CODES.includes(b.error?.code ?? ""))
      await enqueue("create", b.id, b.summary, b.error?.message ?? "offline");
    // A reminder left on screen must not outlive the unpaid hold it asks about.
    if (before === "awaiting_payment" && b.status !== "awaiting_payment")
      await browser.notifications.clear(notificationId("reminder", b.id));
  }
  await ensurePoll(newlyAwaiting);
  await updateBadge();
}

/** Clicking a notification's body: the reminder opens the checkout, the confirmation the event. */
async function onNotificationClicked(id: string, services: ServicesGetter): Promise<void> {
  const parsed = parseNotificationId(id);
  if (!parsed) return;
  await browser.notifications.clear(id);
  if (parsed.kind === "reminder") await openCheckoutFor(parsed.bookingId, services());
  if (parsed.kind === "confirmed") {
    const b = await getBooking(parsed.bookingId);
    if (b?.htmlLink) await services().openTab(b.htmlLink);
  }
}

/** Adds `fn` to a browser event; returns the matching removal, so the two can never drift apart. */
function listen<F>(event: { addListener(fn: F): void; removeListener(fn: F): void }, fn: F): () => void {
  event.addListener(fn);
  return () => event.removeListener(fn);
}

/**
 * Registers the whole background tracker synchronously — call at the top of the
 * background's `main()` so a worker woken by an alarm, a notification click or the checkout page's
 * message finds its listener. All state lives in storage. Returns a function removing every listener.
 */
export function registerTracker(services: ServicesGetter = defaultServices): () => void {
  const alarm = (a: { name: string }) => logged(`alarm ${a.name}`, onAlarm(a.name, services));
  const button = (id: string, index: number) => logged("notification button", onReminderButton(id, index, services()));
  const clicked = (id: string) => logged("notification click", onNotificationClicked(id, services));
  const external = (message: unknown, sender: ExternalSender) =>
    handleExternalMessage(message, sender, services()).catch((e: unknown) => {
      console.error("LeadsCalendar: payment message failed", e);
      return { ok: false };
    });
  const startup = () => logged("start-up reconcile", reconcileOnStartup(services()));
  const online = () => logged("back-online retry", pollTick(services()));

  const removers = [
    listen(browser.alarms.onAlarm, alarm),
    listen(browser.notifications.onButtonClicked, button),
    listen(browser.notifications.onClicked, clicked),
    listen(browser.runtime.onMessageExternal, external),
    listen(browser.runtime.onStartup, startup),
    listen(browser.runtime.onInstalled, startup),
  ];
  // One change at a time and in order, so a slower earlier run cannot re-create alarms a later one cleared.
  let changes: Promise<void> = Promise.resolve();
  const unwatch = bookingsItem.watch((next, prev) => {
    changes = changes.then(() => logged("bookings change", onBookingsChanged(next, prev)));
  });
  // New reminder minutes in the options apply to the holds already running.
  const unwatchSettings = settingsItem.watch(() => {
    changes = changes.then(() => logged("settings change", rescheduleAllBookingAlarms()));
  });
  const removeMessage = onMessage("getPendingActions", () => pendingActions());
  globalThis.addEventListener?.("online", online);

  return () => {
    for (const remove of removers) remove();
    unwatch();
    unwatchSettings();
    removeMessage();
    globalThis.removeEventListener?.("online", online);
  };
}
