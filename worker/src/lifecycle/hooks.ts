// The two moments other parts of the Worker react to: a checkout became paid (the booking page
// creates the host's calendar event then) and a refund finished. Listeners register once at
// module load (`onCheckoutPaid(fn)` at the top of their module, imported by app.ts) and are called
// by the request or cron pass whose guarded move made the change, after its D1 batch committed —
// so each change is announced once. That call is not durable: a Worker killed right after the
// commit announces nothing, so a listener whose work must happen also keeps its own queue
// (e.g. the cron re-checks paid checkouts that have no calendar event yet).
import type { Config } from "../config";

/** What a listener gets to work with. */
export interface HookContext {
  db: D1Database;
  config: Config;
}

/** The payment that made a checkout `paid`. */
export interface CheckoutPaid {
  bookingId: string;
  provider: string;
  paymentId: string;
  amount: { value: string; currency: string };
  paidAt: string;
  /** The checkout belongs to a booking-page reservation (read in the batch that paid it). */
  pageBooking: boolean;
}

/** A refund that reached its final, successful state at the provider. */
export interface RefundFinished {
  bookingId: string;
  provider: string;
  paymentId: string;
  refundId: string | null;
  /** The checkout is now `refunded` (every refund of it finished). */
  checkoutRefunded: boolean;
}

type Listener<T> = (ctx: HookContext, event: T) => void | Promise<void>;

const paidListeners = new Set<Listener<CheckoutPaid>>();
const refundListeners = new Set<Listener<RefundFinished>>();

/** Registers a listener for "checkout became paid"; returns a function that removes it. */
export function onCheckoutPaid(fn: Listener<CheckoutPaid>): () => void {
  paidListeners.add(fn);
  return () => paidListeners.delete(fn);
}

/** Registers a listener for "refund finished"; returns a function that removes it. */
export function onRefundFinished(fn: Listener<RefundFinished>): () => void {
  refundListeners.add(fn);
  return () => refundListeners.delete(fn);
}

// A listener's failure never undoes or fails the payment it reacts to: the money is recorded.
async function notify<T>(listeners: Set<Listener<T>>, what: string, ctx: HookContext, event: T) {
  for (const fn of listeners) {
    try {
      await fn(ctx, event);
    } catch (err) {
      console.error(`${what} listener failed`, err instanceof Error ? err.message : String(err));
    }
  }
}

/** Called by the lifecycle after a checkout moved to `paid`. */
export const checkoutBecamePaid = (ctx: HookContext, e: CheckoutPaid) => notify(paidListeners, "paid", ctx, e);

/** Called by the lifecycle after a refund moved to `completed`. */
export const refundFinished = (ctx: HookContext, e: RefundFinished) => notify(refundListeners, "refund", ctx, e);
