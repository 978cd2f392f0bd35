// A cap on the outbound calls one piece of work may make. Cloudflare limits the subrequests one
// Worker invocation may make (50 on the Free plan), and a cron pass that reconciles a backlog
// would otherwise try one call per row until it hits that wall mid-pass. The cron runs each pass
// inside `withBudget`; every provider/Google call (`fetchJson`, the PayPal certificate fetch)
// spends one through `spendCall()`, which throws `BudgetSpent` once the cap is reached, so no pass
// ever exceeds it even if a loop's own estimate is wrong. Outside a budget, calls are unlimited
// (a webhook or page request makes a handful). AsyncLocalStorage (`nodejs_als` in
// wrangler.jsonc) keeps concurrent requests in one isolate from sharing a counter.
import { AsyncLocalStorage } from "node:async_hooks";

/** Outbound calls one cron pass may make: well under the Free plan's 50 subrequests. */
export const CRON_CALL_BUDGET = 40;

/** The most calls one cron item (an order, a refund, a page event) can make. */
export const MAX_CALLS_PER_ITEM = 5;

/**
 * Calls of the cron's budget kept for the last step, the host-webhook deliveries, so a provider
 * backlog never starves them (each POST to the host's receiver is a subrequest too).
 */
export const HOOK_CALLS_RESERVED = 10;

/** Thrown by {@link spendCall} when the running budget has no call left. */
export class BudgetSpent extends Error {
  constructor() {
    super("this pass's outbound call budget is spent");
  }
}

/** A count of outbound calls against a limit. */
export class CallBudget {
  used = 0;
  /** Calls {@link fitsItem} keeps back for a later step; set to 0 when that step runs. */
  reserve: number;
  constructor(
    readonly limit: number,
    reserve = 0,
  ) {
    this.reserve = reserve;
  }
  /** Calls left. */
  get left(): number {
    return this.limit - this.used;
  }
  /** True when one more item (at most {@link MAX_CALLS_PER_ITEM} calls) still fits beside the reserve. */
  fitsItem(): boolean {
    return this.left - this.reserve >= MAX_CALLS_PER_ITEM;
  }
}

const current = new AsyncLocalStorage<CallBudget>();

/** Runs `fn` with `budget` counting every outbound call made inside it. */
export function withBudget<T>(budget: CallBudget, fn: () => Promise<T>): Promise<T> {
  return current.run(budget, fn);
}

/** Spends one call of the running budget (none running: free); throws when it is spent. */
export function spendCall(): void {
  const b = current.getStore();
  if (!b) return;
  if (b.used >= b.limit) throw new BudgetSpent();
  b.used++;
}
