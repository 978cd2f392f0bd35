// Asking a provider where one open order stands, and applying what it says: the cron's pass over
// open orders and the hosted page's on-return check (`POST /v1/pay/:id/reconcile`) share it.
import type { Config } from "../config";
import { type CheckoutRow, getCheckout, nowIso, type ProviderOrderRow } from "../db";
import * as paypal from "../providers/paypal";
import { confirmBinance } from "./binance";
import { watchMercadoPago } from "./mercadopago";
import { applyPayPalStatus, capturePayPal } from "./paypal";

/** Asks the provider where one open order stands and applies a final payment if there is one. */
export async function reconcileOrder(db: D1Database, config: Config, order: ProviderOrderRow) {
  if (order.provider === "binance") return config.binance ? confirmBinance(db, config, order) : "skipped";
  if (order.provider === "paypal") {
    if (!config.paypal) return "skipped";
    const o = await paypal.getOrder(config.paypal, order.order_id);
    if (o.status === "APPROVED") {
      const row: CheckoutRow | null = await getCheckout(db, order.booking_id);
      if (row && (row.status === "open" || row.status === "pending") && row.hold_until > nowIso())
        return capturePayPal(db, config, row, order);
      return "not_final";
    }
    const capture = paypal.firstCapture(o);
    // Any capture status: a DECLINED one closes the order, so the payer's next try gets a new one.
    if (o.status === "COMPLETED" && capture)
      return applyPayPalStatus(db, config, order, capture, o.purchase_units?.[0]?.custom_id);
    return "not_final";
  }
  if (!config.mercadopago) return "skipped";
  return watchMercadoPago(db, config, order);
}
