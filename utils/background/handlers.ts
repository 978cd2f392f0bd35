import { cancelBookingFlow } from "../booking/cancel-flow";
import { checkoutUrlForExtension } from "../booking/create-flow";
import { describeError } from "../booking/errors";
import { newBookingSecret } from "../booking/ids";
import { newBooking } from "../booking/new-booking";
import { applyEvent, getBooking, putBooking, withBooking } from "../booking/repository";
import type { Booking } from "../booking/types";
import { AuthRequiredError, accountItem } from "../google/auth";
import { onMessage, type Result } from "../messaging";
import { getSettings } from "../settings";
import { listBookings } from "../storage";
import { startCreateFlow } from "./creation";
import { editBooking } from "./edit";
import { defaultServices, type ServicesGetter } from "./services";
import { answerAttendance } from "./tracker/attendance";
import { cancelDeps } from "./tracker/cancel";

export { createFlowDeps, resumeCreatingBookings, startCreateFlow } from "./creation";

async function wrap<T>(fn: () => Promise<T>): Promise<Result<T>> {
  try {
    return { ok: true, value: await fn() };
  } catch (e) {
    return { ok: false, error: describeError(e) };
  }
}

/**
 * Answers the typed messages extension pages send to the background. `services` is a getter so
 * tests can stub Google and the Worker. Returns a function that removes the listeners.
 */
export function registerMessageHandlers(services: ServicesGetter = defaultServices): () => void {
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
        const deps = await cancelDeps(services());
        // The same lock as every other writer: a creation step in flight lands first, then this.
        return withBooking(data.id, (tx) => cancelBookingFlow(tx, deps));
      }),
    ),
    onMessage("editBooking", ({ data }) => wrap(() => editBooking(data.id, data.edit, services()))),
    onMessage("answerAttendance", ({ data }) =>
      wrap(async () => {
        await answerAttendance(data.id, data.attended, services());
        const b = await getBooking(data.id);
        if (!b?.attendance) throw new Error("the answer was not recorded");
        return b;
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
