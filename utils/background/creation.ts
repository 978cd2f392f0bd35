import { type CreateFlowDeps, runCreateFlowOnce } from "../booking/create-flow";
import { InvalidTransitionError } from "../booking/machine";
import { applyEvent, getBooking, withBooking } from "../booking/repository";
import type { Booking } from "../booking/types";
import { accountItem } from "../google/auth";
import { checkoutLocale } from "../i18n";
import { listBookings } from "../storage";
import { WorkerApiError } from "../worker-client";
import { defaultServices, type Services } from "./services";

/** The create flow's dependencies from the services. */
export async function createFlowDeps(s: Services): Promise<CreateFlowDeps> {
  const account = await accountItem.getValue();
  return {
    ...(account ? { organizer: { email: account.email } } : {}),
    worker: await s.worker(),
    calendar: s.calendar,
    openTab: (url) => s.openTab(url),
    extensionId: s.extensionId(),
    locale: checkoutLocale(),
  };
}

// Creations running in this worker: a resume alarm firing during a slow step must not count an
// attempt for a flow that is alive (a dedupe record, not a lock; the steps hold the booking's lock).
const runningHere = new Set<string>();

/** Runs (or joins) the create flow of a booking in this worker. */
async function runHere(id: string, s: Services): Promise<Booking | undefined> {
  runningHere.add(id);
  try {
    return await runCreateFlowOnce(id, await createFlowDeps(s));
  } finally {
    runningHere.delete(id);
  }
}

/** True while this worker runs the booking's create flow. */
export function creatingHere(id: string): boolean {
  return runningHere.has(id);
}

/** Starts (or joins) the create flow of a booking without waiting for it. */
export async function startCreateFlow(id: string, s: Services): Promise<void> {
  void runHere(id, s).catch((e: unknown) => console.error(`LeadsCalendar: creating ${id} failed`, e));
}

/** How often a booking may be picked up again before it is failed rather than crash the worker forever. */
export const MAX_CREATE_ATTEMPTS = 5;

/**
 * Picks up one booking left in `creating` — the service worker may have died mid-flow. Counts the
 * attempt (under the booking's lock, on the stored record: a cancel landing meanwhile stays),
 * fails it past {@link MAX_CREATE_ATTEMPTS}, and starts the flow. True when started.
 */
export async function resumeCreation(id: string, s: Services, maxAttempts = MAX_CREATE_ATTEMPTS): Promise<boolean> {
  const resumed = await withBooking(id, async (tx): Promise<Booking | undefined> => {
    const b = await tx.read();
    if (b?.status !== "creating") return undefined;
    if (b.attempts >= maxAttempts) {
      await tx.apply({ type: "fail", code: "errUnexpected", message: "too many attempts" });
      return undefined;
    }
    return tx.apply({ type: "resume" });
  });
  if (resumed) await startCreateFlow(id, s);
  return !!resumed;
}

/** Resumes every booking left in `creating` (each start of the worker); returns the ids started. */
export async function resumeCreatingBookings(
  s: Services = defaultServices(),
  maxAttempts = MAX_CREATE_ATTEMPTS,
): Promise<string[]> {
  const resumed: string[] = [];
  for (const b of await listBookings()) {
    if (b.status === "creating" && (await resumeCreation(b.id, s, maxAttempts))) resumed.push(b.id);
  }
  return resumed;
}

/** Error codes (booking.error.code) that mean "no network", so the creation is retried when online. */
export const NETWORK_CODES: readonly string[] = ["werr_network", "gerr_network"];

/**
 * Resumes a creation that failed offline (the offline queue's `create`), at the step that failed;
 * throws a network error while it still cannot reach out.
 */
export async function retryOfflineCreation(id: string, s: Services): Promise<void> {
  const b = await getBooking(id);
  if (b?.status !== "failed" || !NETWORK_CODES.includes(b.error?.code ?? "")) return;
  try {
    await applyEvent(id, { type: "retry" });
  } catch (e) {
    if (e instanceof InvalidTransitionError) return; // someone else resumed it already
    throw e;
  }
  const out = await runHere(id, s);
  if (out?.status === "failed" && NETWORK_CODES.includes(out.error?.code ?? ""))
    throw new WorkerApiError(0, "network", out.error?.message ?? "offline");
}
