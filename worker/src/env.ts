/** Bindings and configuration of the Worker (wrangler.jsonc vars + secrets from .dev.vars / `wrangler secret put`). */
export interface Env {
  /** D1 database holding checkouts, provider orders, payments, webhook events and refunds. */
  DB: D1Database;
  /** Static assets: the hosted checkout page bundle. */
  ASSETS: Fetcher;
  /** Public origin of this Worker, used to build checkout, return and webhook URLs. */
  PUBLIC_BASE_URL: string;
}
