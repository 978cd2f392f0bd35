import { screen, waitFor, within } from "@testing-library/dom";
import userEvent from "@testing-library/user-event";
import axe from "axe-core";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { EmbeddedData, Slot } from "../../worker/checkout/book/src/api";
import { renderWeek } from "../../worker/checkout/book/src/grid";
import { startPage } from "../../worker/checkout/book/src/page";
import { bookingType, dayTimes, HOST, NOW } from "./book-fixtures";

// The public booking page (plain DOM, no React) in happy-dom, against a stubbed Worker API.

const TYPE = bookingType();
const slot = (start: string): Slot => ({
  start,
  end: new Date(Date.parse(start) + 30 * 60_000).toISOString().replace(".000Z", "Z"),
});
// Host-local times (-03:00): Monday 10:00 and 10:30, Tuesday 15:00.
const SLOTS = [slot("2030-01-07T10:00:00-03:00"), slot("2030-01-07T10:30:00-03:00"), slot("2030-01-08T15:00:00-03:00")];
const embedded = (slots = SLOTS): EmbeddedData => ({
  status: 200,
  type: TYPE,
  slots: { timeZone: HOST, slots, from: "2030-01-07", to: "2030-01-21" },
});

let root: HTMLElement;
let navigate: ReturnType<typeof vi.fn<(url: string) => void>>;
beforeEach(() => {
  root = document.createElement("main");
  document.body.replaceChildren(root);
  navigate = vi.fn<(url: string) => void>();
});

function start(opts: { embedded?: EmbeddedData | null; zone?: string; lang?: string } = {}) {
  return startPage(root, {
    typeId: "intro",
    embedded: opts.embedded === undefined ? embedded() : opts.embedded,
    zone: opts.zone ?? "America/New_York",
    lang: opts.lang ?? "en",
    now: () => NOW,
    navigate,
  });
}

/** Stubs fetch: `routes` maps "METHOD path-prefix" to a JSON answer (or a Response). */
function stubApi(routes: Record<string, unknown>) {
  const calls: { method: string; url: string; body: unknown }[] = [];
  const spy = vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const url = String(input);
    const method = init?.method ?? "GET";
    calls.push({ method, url, body: init?.body ? JSON.parse(String(init.body)) : undefined });
    const key = Object.keys(routes).find((k) => `${method} ${url}`.startsWith(k));
    if (!key) return Response.json({ error: { code: "not_found", message: "no stub" } }, { status: 404 });
    const answer = routes[key];
    return answer instanceof Response ? answer.clone() : Response.json(answer);
  });
  return { calls, spy };
}

describe("booking page", () => {
  it("shows the type and a week of free slots in the lead's zone, with the host's zone, and is axe-clean", async () => {
    const api = stubApi({});
    await start();
    expect(screen.getByRole("heading", { level: 1, name: "Intro call" })).toBeTruthy();
    expect(screen.getByText("with Alice")).toBeTruthy();
    expect(screen.getByText("30 minutes")).toBeTruthy();
    expect(screen.getByText("$1.00")).toBeTruthy();
    expect(screen.getByText("Not refundable.")).toBeTruthy();
    // Lead in New York (UTC-5): 10:00 in Buenos Aires is 8:00 AM there.
    expect(dayTimes("Mon, Jan 7")).toEqual(["8:00 AM", "8:30 AM"]);
    expect(dayTimes("Tue, Jan 8")).toEqual(["1:00 PM"]);
    expect(within(screen.getByRole("group", { name: "Wed, Jan 9" })).getByText("No free times")).toBeTruthy();
    expect(screen.getByText(/The host's time zone is America\/Argentina\/Buenos Aires \(GMT-3\)/)).toBeTruthy();
    expect((screen.getByLabelText("Show times in") as HTMLSelectElement).value).toBe("America/New_York");
    // The embedded slots cover this week: no request was needed.
    expect(api.calls).toEqual([]);
    expect((await axe.run(root)).violations.map((v) => v.id)).toEqual([]);
  });

  it("moves through the slots with the arrow keys (one Tab stop) and chooses with Enter", async () => {
    stubApi({});
    const user = userEvent.setup();
    await start();
    const first = screen.getByRole("button", { name: "Monday, January 7, 8:00 AM" });
    expect(first.tabIndex).toBe(0);
    expect(screen.getByRole("button", { name: "Monday, January 7, 8:30 AM" }).tabIndex).toBe(-1);
    first.focus();
    await user.keyboard("{ArrowDown}");
    expect(document.activeElement?.getAttribute("aria-label")).toBe("Monday, January 7, 8:30 AM");
    await user.keyboard("{ArrowRight}");
    expect(document.activeElement?.getAttribute("aria-label")).toBe("Tuesday, January 8, 1:00 PM");
    await user.keyboard("{ArrowUp}");
    expect(document.activeElement?.getAttribute("aria-label")).toBe("Monday, January 7, 8:30 AM");
    await user.keyboard("{Enter}");
    const chosen = screen.getByRole("button", { name: "Monday, January 7, 8:30 AM" });
    expect(chosen.getAttribute("aria-pressed")).toBe("true");
    expect(document.activeElement).toBe(chosen);
    // Shown in the lead's zone, and the host's beside it.
    expect(screen.getByText("Monday, January 7, 2030 at 8:30 AM")).toBeTruthy();
    expect(screen.getByText("Host's time: Monday, January 7, 2030 at 10:30 AM")).toBeTruthy();
  });

  it("shows the slots in another zone when the lead switches", async () => {
    stubApi({});
    const user = userEvent.setup();
    await start();
    const picker = screen.getByLabelText("Show times in") as HTMLSelectElement;
    await waitFor(() => expect(picker.options.length).toBeGreaterThan(100)); // the full list, added when idle
    await user.selectOptions(picker, "Asia/Tokyo");
    // 10:00 in Buenos Aires on Monday is 22:00 in Tokyo; Tuesday 15:00 is Wednesday 3:00 AM there.
    expect(within(screen.getByRole("group", { name: "Mon, Jan 7" })).getAllByRole("button")[0]?.textContent).toBe(
      "10:00 PM",
    );
    expect(within(screen.getByRole("group", { name: "Wed, Jan 9" })).getByRole("button").textContent).toBe("3:00 AM");
  });

  it("fetches the next week's host days when paged forward, and can page back", async () => {
    const api = stubApi({ "GET /v1/book/intro/slots": { timeZone: HOST, slots: [slot("2030-01-22T09:00:00-03:00")] } });
    const user = userEvent.setup();
    await start();
    await user.click(screen.getByRole("button", { name: "Next week" }));
    expect(api.calls).toEqual([]); // the second week was embedded too
    await user.click(screen.getByRole("button", { name: "Next week" }));
    await screen.findByRole("button", { name: "Tuesday, January 22, 7:00 AM" });
    // New York's 21–27 Jan begins at 02:00 in Buenos Aires on the 21st and ends at 01:59 on the 28th.
    expect(api.calls.map((c) => c.url)).toEqual(["/v1/book/intro/slots?from=2030-01-21&to=2030-02-04"]);
    await user.click(screen.getByRole("button", { name: "Previous week" }));
    await user.click(screen.getByRole("button", { name: "Previous week" }));
    expect((screen.getByRole("button", { name: "Previous week" }) as HTMLButtonElement).disabled).toBe(true);
  });

  it("validates inline and sends nothing until a slot, a name and a valid email are given", async () => {
    const api = stubApi({});
    const user = userEvent.setup();
    await start();
    await user.type(screen.getByLabelText("Email"), "ana@");
    await user.tab();
    expect(screen.getByText("Enter an email address like ana@example.com.")).toBeTruthy();
    expect(screen.getByLabelText("Email").getAttribute("aria-invalid")).toBe("true");
    await user.click(screen.getByRole("button", { name: "Continue to payment" }));
    expect(screen.getByText("Enter your name.")).toBeTruthy();
    expect(screen.getAllByText("Pick a time first.").length).toBeGreaterThan(0);
    expect(document.activeElement).toBe(screen.getByLabelText("Your name"));
    expect(api.calls).toEqual([]);
    expect((await axe.run(root)).violations.map((v) => v.id)).toEqual([]);
  });

  it("reserves the chosen slot with the lead's details and zone, then goes to the checkout page", async () => {
    const api = stubApi({
      "POST /v1/book/intro/reservations": Response.json(
        {
          reservationId: "r1",
          checkoutId: "c1",
          checkoutUrl: "http://w.test/pay/c1",
          holdUntil: "2030-01-07T12:15:00Z",
        },
        { status: 201 },
      ),
    });
    const user = userEvent.setup();
    await start();
    await user.click(screen.getByRole("button", { name: "Tuesday, January 8, 1:00 PM" }));
    await user.type(screen.getByLabelText("Your name"), "Bruno Lima");
    await user.type(screen.getByLabelText("Email"), " bruno@example.com ");
    await user.type(screen.getByLabelText("Notes for the host (optional)"), "About the course");
    await user.click(screen.getByRole("button", { name: "Continue to payment" }));
    await waitFor(() => expect(navigate).toHaveBeenCalledWith("http://w.test/pay/c1"));
    expect(api.calls).toEqual([
      {
        method: "POST",
        url: "/v1/book/intro/reservations",
        body: {
          start: "2030-01-08T15:00:00-03:00",
          name: "Bruno Lima",
          email: "bruno@example.com",
          notes: "About the course",
          locale: "en",
          timeZone: "America/New_York",
        },
      },
    ]);
  });

  it("a 409 slot_taken says so and shows the refreshed slots without the taken one", async () => {
    const api = stubApi({
      "POST /v1/book/intro/reservations": Response.json(
        { error: { code: "slot_taken", message: "That time is no longer free." } },
        { status: 409 },
      ),
      "GET /v1/book/intro/slots": { timeZone: HOST, slots: SLOTS.slice(1) },
    });
    const user = userEvent.setup();
    await start();
    await user.click(screen.getByRole("button", { name: "Monday, January 7, 8:00 AM" }));
    await user.type(screen.getByLabelText("Your name"), "Bruno");
    await user.type(screen.getByLabelText("Email"), "bruno@example.com");
    await user.click(screen.getByRole("button", { name: "Continue to payment" }));
    await screen.findByText(/Someone has just taken that time/);
    expect(screen.queryByRole("button", { name: "Monday, January 7, 8:00 AM" })).toBeNull();
    expect(screen.getByRole("button", { name: "Monday, January 7, 8:30 AM" })).toBeTruthy();
    expect(api.calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      "POST /v1/book/intro/reservations",
      "GET /v1/book/intro/slots?from=2030-01-07&to=2030-01-21",
    ]);
    expect(navigate).not.toHaveBeenCalled();
    // The lead's entries survive the refresh.
    expect((screen.getByLabelText("Your name") as HTMLInputElement).value).toBe("Bruno");
  });

  it("loads the type and slots itself when nothing was embedded, and retries after a failure", async () => {
    let fail = true;
    vi.spyOn(globalThis, "fetch").mockImplementation(async (input) => {
      if (fail) throw new TypeError("offline");
      return Response.json(String(input).includes("/slots") ? { timeZone: HOST, slots: SLOTS } : TYPE);
    });
    const user = userEvent.setup();
    await start({ embedded: null });
    expect(screen.getByRole("alert").textContent).toContain("The free times could not be loaded.");
    fail = false;
    await user.click(screen.getByRole("button", { name: "Try again" }));
    await screen.findByRole("button", { name: "Monday, January 7, 8:00 AM" });
  });

  it("draws the embedded type with its slots first, and says it is loading only while it fetches one", async () => {
    const drawn: string[] = [];
    // Every drawing put into the page, even one replaced in the same task.
    const seen = new MutationObserver((records) =>
      drawn.push(...records.flatMap((r) => [...r.addedNodes].map((n) => n.textContent ?? ""))),
    );
    seen.observe(root, { childList: true, subtree: true });
    await start();
    await Promise.resolve(); // the observer's last records
    expect(drawn.length).toBeGreaterThan(0);
    expect(drawn.some((text) => text.includes("Loading free times"))).toBe(false);
    seen.disconnect();
    vi.spyOn(globalThis, "fetch").mockImplementation(() => new Promise<Response>(() => {}));
    void start({ embedded: null });
    expect(screen.getByRole("status").textContent).toBe("Loading free times…");
  });

  it("says the page is not taking bookings when the host's calendar connection is gone", async () => {
    stubApi({
      "GET /v1/book/intro/slots": Response.json(
        { error: { code: "not_taking_bookings", message: "This booking page is not taking bookings right now." } },
        { status: 503 },
      ),
    });
    await start({ embedded: { status: 200, type: TYPE, slots: null } });
    expect(screen.getByRole("alert").textContent).toContain("This page is not taking bookings right now.");
  });

  it("says when the type does not exist, in the lead's language", async () => {
    await start({ embedded: { status: 404, type: null, slots: null }, lang: "es" });
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Esta página de reservas no existe");
    expect(document.documentElement.lang).toBe("es");
    await userEvent.setup().selectOptions(screen.getByLabelText("Idioma"), "pt-BR");
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Esta página de agendamento não existe");
    expect((await axe.run(root)).violations.map((v) => v.id)).toEqual([]);
  });

  it("speaks Spanish with Spanish dates and prices", async () => {
    stubApi({});
    await start({ lang: "es" });
    expect(screen.getByRole("button", { name: "Continuar al pago" })).toBeTruthy();
    expect(screen.getByText("30 minutos")).toBeTruthy();
    expect(screen.getByRole("group", { name: "lun, 7 ene" })).toBeTruthy();
  });

  it.each([
    [
      "en",
      "keep",
      "Refundable: the organizer refunds it after the event if you attend. If the organizer does not say within 48 hours after the event, the fee is kept.",
    ],
    [
      "es",
      "refund",
      "Reembolsable: quien organiza te la devuelve después del evento si asistes. Si quien organiza no responde en 48 horas después del evento, se reembolsa igualmente.",
    ],
    [
      "pt-BR",
      "keep",
      "Reembolsável: quem organiza devolve a taxa depois do evento se você comparecer. Se quem organiza não responder em 48 horas depois do evento, a taxa fica retida.",
    ],
  ] as const)("says in %s that the fee is refunded on attendance (no answer: %s)", async (lang, noAnswer, rule) => {
    stubApi({});
    await start({ lang, embedded: { ...embedded(), type: { ...TYPE, refundIfAttended: true, noAnswer } } });
    expect(screen.getByText(rule)).toBeTruthy();
  });
});

describe("the week's first drawing", () => {
  const days = ["2030-01-06", "2030-01-07", "2030-01-08", "2030-01-09", "2030-01-10", "2030-01-11", "2030-01-12"];
  const week = (later?: (drawRest: () => void) => void) =>
    renderWeek({
      days,
      byDay: new Map([
        ["2030-01-07", SLOTS.slice(0, 2)],
        ["2030-01-08", SLOTS.slice(2)],
      ]),
      zone: "America/New_York",
      locale: "en",
      chosen: null,
      noSlotsText: "No free times",
      labelledBy: "week-h",
      describedBy: "slot-help",
      onChoose: () => {},
      later,
    });
  const shownDays = (el: HTMLElement) => [...el.querySelectorAll("h3")].map((h) => h.id);

  it("draws the days up to the first with slots at once and the others when asked", () => {
    let drawRest: (() => void) | undefined;
    const el = week((f) => {
      drawRest = f;
    });
    root.appendChild(el);
    expect(shownDays(el)).toEqual(["day-2030-01-06", "day-2030-01-07"]);
    expect(el.querySelectorAll("button.slot")).toHaveLength(2);
    drawRest?.();
    expect(shownDays(el)).toEqual(days.map((d) => `day-${d}`));
    expect(el.querySelectorAll("button.slot")).toHaveLength(3);
  });

  it("draws nothing more once the page has been redrawn (the new drawing has every day)", () => {
    let drawRest: (() => void) | undefined;
    const el = week((f) => {
      drawRest = f;
    });
    drawRest?.(); // never put into the page, as when a newer drawing replaced it
    expect(shownDays(el)).toEqual(["day-2030-01-06", "day-2030-01-07"]);
    expect(shownDays(week())).toHaveLength(7);
  });
});
