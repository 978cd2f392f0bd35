import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { App } from "@/components/App";
import { registerMessageHandlers } from "@/utils/background/handlers";
import type { Services } from "@/utils/background/services";
import { draftItem, emptyDraft } from "@/utils/booking/draft";
import { DEFAULT_HOLD_LIMITS } from "@/utils/booking/hold";
import { instantToZoned } from "@/utils/booking/zoned-time";
import { SignInCancelledError } from "@/utils/google/auth";
import { type Catalogue, setCatalogueOverride } from "@/utils/i18n";
import { DEFAULT_SETTINGS, effectiveWorkerUrl } from "@/utils/settings";
import { useAccountStore } from "@/utils/stores/account-store";
import { useBookingsStore } from "@/utils/stores/bookings-store";
import { useDraftStore } from "@/utils/stores/draft-store";
import { holdLimitsItem } from "@/utils/worker-limits";
import ptMessages from "../../public/_locales/pt_BR/messages.json";
import { renderSignedIn, stubServices } from "./popup-fixtures";

const M = 60_000;
let unregister: () => void = () => {};
let services: Services;
beforeEach(async () => {
  await holdLimitsItem.setValue({
    workerUrl: effectiveWorkerUrl(DEFAULT_SETTINGS),
    limits: DEFAULT_HOLD_LIMITS,
    fetchedAt: Date.now(),
  });
  useBookingsStore.setState({ bookings: [], loading: true, error: null });
  useAccountStore.setState({ email: null, loaded: false, busy: false, error: null, calendars: [] });
  useDraftStore.setState({
    draft: null,
    errors: {},
    prefill: null,
    submitting: false,
    submitError: null,
    activeId: null,
  });
  services = stubServices();
  unregister = registerMessageHandlers(() => services);
});
afterEach(() => unregister());

/** Date and start fields `minutes` from now, in UTC (the zone typed into the form). */
async function typeStartIn(user: Awaited<ReturnType<typeof renderSignedIn>>["user"], minutes: number) {
  const { date, time } = instantToZoned(Date.now() + minutes * M, "UTC");
  await user.clear(screen.getByLabelText(/^(Time zone|Fuso horário)$/));
  await user.type(screen.getByLabelText(/^(Time zone|Fuso horário)$/), "UTC");
  await user.clear(screen.getByLabelText(/^(Date|Data)$/));
  await user.type(screen.getByLabelText(/^(Date|Data)$/), date);
  await user.clear(screen.getByLabelText(/^(Start|Início)$/));
  await user.type(screen.getByLabelText(/^(Start|Início)$/), time);
}

// Typing every field through user-event is slow on a shared machine.
const SLOW = 30_000;

describe("popup: the hold before creating, the user's language, sign-in", { timeout: SLOW }, () => {
  it("shows who has until when to pay, and warns when the event is too close for a real hold", async () => {
    const { user } = await renderSignedIn(<App />);
    await user.type(screen.getByLabelText("Guests (emails)"), "ana@example.com");
    await typeStartIn(user, 62);
    expect(await screen.findByText(/^ana@example\.com has until .+ to pay\.$/)).toBeTruthy();
    expect(screen.queryByText(/less than the 15 min/)).toBeNull();
    await typeStartIn(user, 8);
    expect(await screen.findByText(/less than the 15 min the Worker needs for a hold/)).toBeTruthy();
  });

  it("creates in the chosen language: checkout locale, hold and event text in Portuguese", async () => {
    setCatalogueOverride("pt_BR", ptMessages as Catalogue);
    const { user } = await renderSignedIn(<App />, "Conectado como ana@example.com");
    await user.type(screen.getByLabelText("Título"), "Aula");
    await typeStartIn(user, 3 * 24 * 60);
    expect(await screen.findByText(/^Você tem até .+ para pagar\.$/)).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "Criar e pagar" }));
    await screen.findByText(/“Aula” já está na sua agenda/);
    const worker = await services.worker();
    const req = vi.mocked(worker.createCheckout).mock.calls[0]?.[0];
    expect(req?.locale).toBe("pt-BR");
    // The hold is the one the form showed: 24 h from now (well before the event).
    expect(Math.abs(Date.parse(req?.holdUntil ?? "") - (Date.now() + 24 * 60 * M))).toBeLessThan(5 * M);
    const [, event] = vi.mocked(services.calendar.insertEvent).mock.calls[0] ?? [];
    expect(event?.summary).toBe("[Reserva não paga] Aula");
    expect(event?.description).toMatch(/^Pague para confirmar: /);
  });

  it("books a whole day from the all-day option", async () => {
    const { user } = await renderSignedIn(<App />);
    await user.type(screen.getByLabelText("Title"), "Offsite");
    await typeStartIn(user, 3 * 24 * 60);
    await user.click(screen.getByLabelText("All day"));
    expect(screen.queryByLabelText("Start")).toBeNull();
    expect(screen.queryByLabelText("Duration")).toBeNull();
    await user.click(screen.getByRole("button", { name: "Create & pay" }));
    await screen.findByText(/“Offsite” is in your calendar/);
    const [, event] = vi.mocked(services.calendar.insertEvent).mock.calls[0] ?? [];
    const date = instantToZoned(Date.now() + 3 * 24 * 60 * M, "UTC").date;
    expect(event?.start).toEqual({ date });
  });

  it("primes a usable form before storage answers, and a late load keeps what was typed", async () => {
    await draftItem.setValue(emptyDraft({ title: "Saved earlier", date: "2030-01-10", start: "10:00", end: "10:30" }));
    useDraftStore.getState().prime();
    expect(useDraftStore.getState().draft?.title).toBe("");
    useDraftStore.getState().setField("title", "Typed at once");
    await useDraftStore.getState().load();
    expect(useDraftStore.getState().draft?.title).toBe("Typed at once");
    // Untouched, the saved draft wins.
    await draftItem.setValue(emptyDraft({ title: "Saved earlier", date: "2030-01-10", start: "10:00", end: "10:30" }));
    useDraftStore.setState({ draft: null, touched: false });
    useDraftStore.getState().prime();
    await useDraftStore.getState().load();
    expect(useDraftStore.getState().draft?.title).toBe("Saved earlier");
  });

  it("says a cancelled sign-in calmly, below the header", async () => {
    services.auth.signIn = vi.fn(async () => {
      throw new SignInCancelledError("The user did not approve access.");
    });
    const user = userEvent.setup();
    render(<App />);
    await user.click(await screen.findByRole("button", { name: "Sign in with Google" }));
    const status = await screen.findByText("Sign-in cancelled. Sign in whenever you're ready.");
    expect(status.getAttribute("role")).toBe("status");
    expect(status.closest("header")).toBeNull();
    expect(screen.queryByRole("alert")).toBeNull();
    expect(screen.getByRole("button", { name: "Sign in with Google" })).toBeTruthy();
  });
});
