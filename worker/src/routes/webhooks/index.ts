import { Hono } from "hono";
import type { Env } from "../../env";
import { binanceWebhook } from "./binance";
import { mercadopagoWebhook } from "./mercadopago";
import { paypalWebhook } from "./paypal";

/**
 * Provider notifications. Each handler reads the raw body once, verifies it before parsing (401),
 * rejects malformed bodies (400) and deliveries that do not match our records (422) without writing
 * anything, deduplicates by the provider's event id, and answers 2xx only after its D1 batch committed.
 */
export const webhooks = new Hono<{ Bindings: Env }>();
webhooks.route("/paypal", paypalWebhook);
webhooks.route("/binance", binanceWebhook);
webhooks.route("/mercadopago", mercadopagoWebhook);
