import type { Provider } from "../../../utils/api/contract";
import type { Config } from "../config";
import { type CheckoutRow, closeProviderOrder, getCheckout, nowIso, type ProviderOrderRow } from "../db";
import { ApiError } from "../errors";
import * as binance from "../providers/binance";
import { watchMercadoPago } from "./mercadopago";

/** Throws 409 unless the checkout can still take a payment. */
export function requirePayable(row: CheckoutRow): void {
  if ((row.status !== "open" && row.status !== "pending") || row.hold_until <= nowIso())
    throw new ApiError(409, "not_payable", `This checkout is ${row.status === "open" ? "expired" : row.status}.`);
}

/** How long a claim on creating an order lasts: past it, a crashed claimant's claim is taken over. */
const CLAIM_MS = 30_000;
/** How long a request waits for another request's order before answering 409 "try again". */
const WAIT_MS = 10_000;

/**
 * At most one order creation per checkout and provider at a time, however many requests arrive
 * together. `reuse` returns the order to hand out when one exists. Otherwise the request that
 * wins the claim row (a D1 primary key, so exactly one wins) re-reads the checkout, still payable,
 * and runs `create`; the others wait for that order and reuse it. 50 concurrent POSTs → 1 order.
 */
export async function oneOrderAtATime<T>(
  db: D1Database,
  provider: Provider,
  bookingId: string,
  reuse: () => Promise<T | null>,
  create: (row: CheckoutRow) => Promise<T>,
): Promise<T> {
  const existing = await reuse();
  if (existing) return existing;
  const now = Date.now();
  const claim = await db
    .prepare(
      `INSERT INTO order_claims (booking_id, provider, claimed_until) VALUES (?1, ?2, ?3)
       ON CONFLICT (booking_id, provider) DO UPDATE SET claimed_until = excluded.claimed_until
       WHERE order_claims.claimed_until < ?4`,
    )
    .bind(bookingId, provider, nowIso(now + CLAIM_MS), nowIso(now))
    .run();
  if (claim.meta.changes === 1) {
    try {
      // Someone may have finished an order between our look and our claim.
      const again = await reuse();
      if (again) return again;
      const row = await getCheckout(db, bookingId);
      if (!row) throw new ApiError(404, "not_found", "No such checkout.");
      // Paid (or ended) meanwhile: no new order.
      requirePayable(row);
      return await create(row);
    } finally {
      await db
        .prepare("DELETE FROM order_claims WHERE booking_id = ? AND provider = ?")
        .bind(bookingId, provider)
        .run();
    }
  }
  for (const until = now + WAIT_MS; Date.now() < until; ) {
    await new Promise((r) => setTimeout(r, 100));
    const made = await reuse();
    if (made) return made;
  }
  throw new ApiError(409, "order_in_progress", "Another request is creating this order; please try again.");
}

/** The provider's configuration, or 404 when it is hidden. */
export function need<T>(value: T | null, provider: string): T {
  if (value === null) throw new ApiError(404, "provider_unavailable", `${provider} is not configured on this server.`);
  return value;
}

/**
 * Closes a booking's open provider orders (hold expired or cancelled). Binance has a close call;
 * PayPal orders lapse unapproved and Mercado Pago preferences carry the hold as expiration, so
 * those are closed locally (Mercado Pago's by the cron, once its preference expired and none of its
 * payments is in progress). Any payment that still lands is refunded by applyPayment.
 */
export async function closeOrdersFor(db: D1Database, config: Config, bookingId: string): Promise<void> {
  const { results } = await db
    .prepare("SELECT * FROM provider_orders WHERE booking_id = ? AND status = 'open'")
    .bind(bookingId)
    .all<ProviderOrderRow>();
  for (const order of results) {
    // Mercado Pago cannot close a preference: look for payments that went through (a charged
    // payer is then refunded) when a look is due; the cron keeps watching the order, and closes
    // it, until nothing can be charged through it any more (watchMercadoPago).
    if (order.provider === "mercadopago") {
      if (config.mercadopago && order.next_check_at <= nowIso()) {
        try {
          await watchMercadoPago(db, config, order);
        } catch (err) {
          console.warn("mercadopago check failed", order.order_id, err instanceof Error ? err.message : "");
        }
      }
      continue;
    }
    if (order.provider === "binance" && config.binance) {
      try {
        await binance.closeOrder(config.binance, order.reference);
      } catch (err) {
        // Already paid or expired at Binance: the reconcile pass sorts out which.
        console.warn("binance close failed", order.order_id, err instanceof Error ? err.message : "");
        continue;
      }
    }
    await closeProviderOrder(db, order.provider as Provider, order.order_id);
  }
}
