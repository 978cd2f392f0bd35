import { browser } from "wxt/browser";
import type { Provider } from "../../api/contract";

/** Kinds of notification the tracker shows; the id is `lc-<kind>:<bookingId>`. */
export type NotificationKind = "confirmed" | "reminder" | "expired" | "cancelled" | "problem" | "attend";

/** The notification id for a booking: one per kind, so a repeat replaces rather than stacks. */
export function notificationId(kind: NotificationKind, bookingId: string): string {
  return `lc-${kind}:${bookingId}`;
}

/** Reads an id made by {@link notificationId}; null for anyone else's. */
export function parseNotificationId(id: string): { kind: NotificationKind; bookingId: string } | null {
  const m = /^lc-(confirmed|reminder|expired|cancelled|problem|attend):(.+)$/.exec(id);
  return m ? { kind: m[1] as NotificationKind, bookingId: m[2] as string } : null;
}

/** Brand names are not translated. */
export function providerName(p: Provider): string {
  return { paypal: "PayPal", binance: "Binance Pay", mercadopago: "Mercado Pago" }[p];
}

/** Shows (or replaces) a basic notification; at most two buttons, as Chrome allows. */
export async function notify(
  id: string,
  title: string,
  message: string,
  buttons: string[] = [],
  requireInteraction = false,
): Promise<void> {
  await browser.notifications.create(id, {
    type: "basic",
    iconUrl: browser.runtime.getURL("/icons/128.png"),
    title,
    message,
    ...(buttons.length ? { buttons: buttons.slice(0, 2).map((title) => ({ title })) } : {}),
    ...(requireInteraction ? { requireInteraction } : {}),
  });
}

/** A time in the booking's zone, for notification text ("Dec 1, 3:00 PM"). */
export function shortTime(iso: string, timeZone: string, locale?: string): string {
  try {
    return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone }).format(new Date(iso));
  } catch {
    return iso;
  }
}
