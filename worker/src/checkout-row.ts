import type { CreateCheckoutRequest, Provider } from "../../utils/api/contract";
import type { Config } from "./config";
import type { CheckoutRow } from "./db";
import { checkEventTimes, effectiveHold } from "./http";
import type { Money } from "./pricing";
import { toBase64Url } from "./verify/encoding";

/**
 * A new checkout as `POST /v1/checkouts` creates it — also used by the booking page's
 * reservations, so both kinds of checkout get the same id, price and hold rules (`offer`: a
 * booking type's price and providers, worker/src/pricing.ts).
 */
export function newCheckoutRow(
  config: Config,
  body: CreateCheckoutRequest,
  now: string,
  offer: { price?: Money; providers?: Provider[] } = {},
): CheckoutRow {
  checkEventTimes(body.start, body.end);
  return {
    booking_id: body.bookingId.toLowerCase(),
    checkout_id: toBase64Url(crypto.getRandomValues(new Uint8Array(16))),
    secret_hash: body.secretHash,
    status: "open",
    summary: body.summary,
    start_at: body.start,
    end_at: body.end,
    time_zone: body.timeZone,
    hold_until: effectiveHold(config, body.holdUntil, body.start),
    // A booking type's own price and providers; the Worker's default price otherwise.
    amount_value: offer.price?.value ?? config.price.value,
    currency: offer.price?.currency ?? config.price.currency,
    providers: offer.providers?.join(",") ?? null,
    payer_email: body.payerEmail ?? null,
    locale: body.locale ?? null,
    organizer_name: body.organizer?.name ?? null,
    organizer_email: body.organizer?.email ?? null,
    refundable: body.refundable ? 1 : 0,
    no_answer: body.noAnswer ?? "keep",
    // The lead's manage link: its own 128 random bits, unrelated to the booking and checkout ids.
    manage_token: toBase64Url(crypto.getRandomValues(new Uint8Array(16))),
    lead_cancelled_at: null,
    lead_refund: null,
    reschedules: 0,
    created_at: now,
    updated_at: now,
  };
}
