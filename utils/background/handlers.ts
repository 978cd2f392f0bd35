import { cancelBookingFlow } from "../booking/cancel-flow";
import { type CreateFlowDeps, checkoutUrlForExtension, runCreateFlowOnce } from "../booking/create-flow";
import { describeError } from "../booking/errors";
import { newBookingSecret } from "../booking/ids";
import { newBooking } from "../booking/new-booking";
import { applyEvent, getBooking, putBooking } from "../booking/repository";
import type { Booking } from "../booking/types";
import { AuthRequiredError, accountItem } from "../google/auth";
import { checkoutLocale, t } from "../i18n";
import { onMessage, type Result } from "../messaging";
import { getSettings } from "../settings";
import { listBookings } from "../storage";
import { defaultServices, type Services } from "./services";

async function wrap<T>(fn: () => Promise<T>): Promise<Result<T>> {
  try {
    return { ok: true, value: await fn() };
  } catch (e) {
    return { ok: false, error: describeError(e) };
  }
}

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
    heldLine: t("eventHeldLine", "$1"), // "$1" survives substitution; the flow fills in each hold's end
  };
}

const running = new Map<string, Promise<unknown>>();

/** Starts (or joins) the create flow of a booking without waiting for it. */
export async function startCreateFlow(id: string, s: Services): Promise<void> {
  const deps = await createFlowDeps(s);
  const p = runCreateFlowOnce(id, deps).finally(() => running.delete(id));
  running.set(id, p);
}

/**
 * Resumes every booking left in `creating` — the service worker may have died mid-flow. Bounded
 * by `attempts` so a booking that keeps crashing the worker cannot loop forever.
 */
export async function resumeCreatingBookings(s: Services = defaultServices(), maxAttempts = 5): Promise<string[]> {
  const resumed: string[] = [];
  for (const b of await listBookings()) {
    if (b.status !== "creating") continue;
    if (b.attempts >= maxAttempts) {
      await applyEvent(b.id, { type: "fail", code: "errUnexpected", message: "too many attempts" });
      continue;
    }
    // Count this resumption, so repeated crashes reach the bound above.
    await putBooking({ ...b, attempts: b.attempts + 1 });
    await startCreateFlow(b.id, s);
    resumed.push(b.id);
  }
  return resumed;
}

/**
 * Answers the typed messages extension pages send to the background. `services` is a getter so
 * tests can stub Google and the Worker. Returns a function that removes the listeners.
 */
export function registerMessageHandlers(services: () => Services = defaultServices): () => void {
  const removers = [
    onMessage("listBookings", () => listBookings()),
    onMessage("getAccount", () => accountItem.getValue()),
    onMessage("signIn", () => wrap(() => services().auth.signIn())),
    onMessage("signOut", () =>
      wrap(async () => {
        await services().auth.signOut();
        return null;
      }),
    ),
    onMessage("listCalendars", () =>
      wrap(async () => {
        const all = await services().calendar.listCalendars();
        const writable = all.filter((c) => c.accessRole === "owner" || c.accessRole === "writer");
        return writable.sort((a, b) => Number(!!b.primary) - Number(!!a.primary) || a.summary.localeCompare(b.summary));
      }),
    ),
    onMessage("freeBusy", ({ data }) =>
      wrap(async () => {
        const r = await services().calendar.freeBusy({
          timeMin: data.timeMin,
          timeMax: data.timeMax,
          items: [{ id: data.calendarId }],
        });
        const entry = r.calendars[data.calendarId] ?? Object.values(r.calendars)[0];
        return entry?.busy ?? [];
      }),
    ),
    onMessage("createBooking", ({ data }) =>
      wrap(async () => {
        if (!(await accountItem.getValue())) throw new AuthRequiredError();
        const settings = await getSettings();
        const b = newBooking(data, settings, new Date(), { id: crypto.randomUUID(), secret: newBookingSecret() });
        await putBooking(b);
        // Not awaited: the answer goes back now, creation continues after the popup closes.
        await startCreateFlow(b.id, services());
        return b;
      }),
    ),
    onMessage("retryBooking", ({ data }) =>
      wrap(async () => {
        const b = await applyEvent(data.id, { type: "retry" });
        await startCreateFlow(b.id, services());
        return b;
      }),
    ),
    onMessage("cancelBooking", ({ data }) =>
      wrap(async (): Promise<Booking> => {
        await running.get(data.id)?.catch(() => undefined); // let an in-flight step land first
        const s = services();
        const settings = await getSettings();
        return cancelBookingFlow(data.id, {
          worker: await s.worker(),
          calendar: s.calendar,
          expiryAction: settings.expiryAction,
          cancelledMarker: t("cancelledMarker"),
        });
      }),
    ),
    onMessage("openCheckout", ({ data }) =>
      wrap(async () => {
        const b = await getBooking(data.id);
        if (!b?.checkoutUrl) throw new Error("no checkout yet");
        const s = services();
        await s.openTab(checkoutUrlForExtension(b.checkoutUrl, s.extensionId()));
        return null;
      }),
    ),
  ];
  return () => {
    for (const remove of removers) remove();
  };
}
