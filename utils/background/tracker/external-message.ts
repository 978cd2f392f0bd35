import { browser } from "wxt/browser";
import type { PaymentCompletedMessage } from "../../api/contract";
import { getBooking } from "../../booking/repository";
import { effectiveWorkerUrl, getSettings } from "../../settings";
import type { Services, ServicesGetter } from "../services";
import { listen } from "./listen";
import { checkBooking } from "./reconcile";

/** The parts of `runtime.MessageSender` checked here. */
export interface ExternalSender {
  origin?: string;
  url?: string;
}

/** The sender's origin (`origin` is missing in some browsers; `url` then has it). */
export function senderOrigin(sender: ExternalSender): string | null {
  if (sender.origin && sender.origin !== "null") return sender.origin;
  try {
    return sender.url ? new URL(sender.url).origin : null;
  } catch {
    return null;
  }
}

/** A well-formed `payment-completed` message, or null. */
export function asPaymentCompleted(message: unknown): PaymentCompletedMessage | null {
  const m = message as Partial<PaymentCompletedMessage> | null;
  if (m?.type !== "payment-completed" || typeof m.bookingId !== "string" || m.bookingId.length > 64) return null;
  return { type: "payment-completed", bookingId: m.bookingId };
}

/** What the checkout page gets back; it only says the message was taken, never whether it is paid. */
export interface ExternalReply {
  ok: boolean;
}

/**
 * The checkout page's `payment-completed` message. Accepted only from the Worker's origin and for
 * a booking this extension has; even then it only prompts asking the Worker — the message itself
 * proves nothing.
 */
export async function handleExternalMessage(
  message: unknown,
  sender: ExternalSender,
  s: Services,
): Promise<ExternalReply> {
  const msg = asPaymentCompleted(message);
  if (!msg) return { ok: false };
  const expected = new URL(effectiveWorkerUrl(await getSettings())).origin;
  if (senderOrigin(sender) !== expected) return { ok: false };
  const b = await getBooking(msg.bookingId);
  if (!b) return { ok: false };
  await checkBooking(b.id, s);
  return { ok: true };
}

/** The checkout page's trigger: `runtime.onMessageExternal`. Returns the removal. */
export function registerExternalMessages(services: ServicesGetter): () => void {
  return listen(browser.runtime.onMessageExternal, (message: unknown, sender: ExternalSender) =>
    handleExternalMessage(message, sender, services()).catch((e: unknown) => {
      console.error("LeadsCalendar: payment message failed", e);
      return { ok: false };
    }),
  );
}
