import type { Provider } from "../../../utils/api/contract";
import type { Config } from "../config";
import { type CheckoutRow, closeProviderOrder, nowIso, type ProviderOrderRow } from "../db";
import { ApiError } from "../errors";
import * as binance from "../providers/binance";
import { watchMercadoPago } from "./mercadopago";

/** Throws 409 unless the checkout can still take a payment. */
export function requirePayable(row: CheckoutRow): void {
  if ((row.status !== "open" && row.status !== "pending") || row.hold_until <= nowIso())
    throw new ApiError(409, "not_payable", `This checkout is ${row.status === "open" ? "expired" : row.status}.`);
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
