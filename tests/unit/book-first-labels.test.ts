import { afterEach, describe, expect, it, vi } from "vitest";
import { wallAt } from "../../utils/time-zones";
import type { EmbeddedData } from "../../worker/checkout/book/src/api";
import {
  dayLabel,
  durationLabel,
  moneyLabel,
  preformat,
  setPreformatted,
  timeLabel,
  zoneLabel,
} from "../../worker/checkout/book/src/format";
import { startPage } from "../../worker/checkout/book/src/page";
import { bookingType, HOST, NOW } from "./book-fixtures";

// The booking page's first drawing without an Intl object of its own: labels the Worker formatted
// (format.ts) and Temporal's zone arithmetic (utils/time-zones.ts).

const TYPE = bookingType({ description: "", providers: ["paypal"], refundIfAttended: true });
const DAYS = Array.from({ length: 17 }, (_, i) => new Date(Date.UTC(2030, 0, 6 + i)).toISOString().slice(0, 10));

/** Temporal's zone arithmetic as utils/time-zones.ts uses it, made with an Intl object the test keeps to itself. */
function fakeTemporal() {
  const Real = Intl.DateTimeFormat;
  return {
    Instant: {
      fromEpochMilliseconds: (ms: number) => ({
        toZonedDateTimeISO: (zone: string) => {
          const f = new Real("en-US", {
            timeZone: zone,
            hourCycle: "h23",
            year: "numeric",
            month: "numeric",
            day: "numeric",
            hour: "numeric",
            minute: "numeric",
            second: "numeric",
          });
          const p = Object.fromEntries(f.formatToParts(ms).map((x) => [x.type, Number(x.value)]));
          return { year: p.year, month: p.month, day: p.day, hour: p.hour, minute: p.minute, second: p.second };
        },
      }),
    },
  };
}

afterEach(() => {
  setPreformatted(null);
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe("labels formatted ahead", () => {
  it("are used in their language and made with Intl otherwise", () => {
    setPreformatted({
      locale: "en",
      labels: { "t04:00": "four", "D2030-01-07": "Monday!", "d2030-01-07": "Mon!", m30: "half", "$1.00 USD": "one" },
    });
    // 09:00 in Buenos Aires is 04:00 in Los Angeles: the key is the wall clock in the zone shown.
    expect(timeLabel("2030-01-07T09:00:00-03:00", "en", "America/Los_Angeles")).toBe("four");
    expect(dayLabel("2030-01-07", "en", true)).toBe("Monday!");
    expect(dayLabel("2030-01-07", "en")).toBe("Mon!");
    expect(durationLabel(30, "en")).toBe("half");
    expect(moneyLabel({ value: "1.00", currency: "USD" }, "en")).toBe("one");
    // Not formatted ahead, or another language: Intl.
    expect(timeLabel("2030-01-07T09:30:00-03:00", "en", "America/Los_Angeles")).toBe("4:30 AM");
    expect(durationLabel(30, "es")).toBe("30 minutos");
    expect(dayLabel("2030-01-07", "es", true)).toBe("lunes, 7 de enero");
  });

  it("preformat gives what the Intl functions give", () => {
    const ahead = preformat(TYPE, "pt-BR", DAYS, NOW);
    expect(ahead.locale).toBe("pt-BR");
    expect(ahead.labels["t14:30"]).toBe(timeLabel("2030-01-07T14:30:00Z", "pt-BR", "UTC"));
    expect(ahead.labels["D2030-01-08"]).toBe(dayLabel("2030-01-08", "pt-BR", true));
    expect(ahead.labels.m30).toBe("30 minutos");
    expect(ahead.labels.n48).toBe("48");
    expect(ahead.labels[`z${HOST}`]).toBe(zoneLabel(HOST, "pt-BR", NOW));
  });
});

describe("zone arithmetic", () => {
  it("uses Temporal when the runtime has it", () => {
    const toZonedDateTimeISO = vi.fn(() => ({ year: 2030, month: 1, day: 7, hour: 6, minute: 0, second: 0 }));
    vi.stubGlobal("Temporal", { Instant: { fromEpochMilliseconds: () => ({ toZonedDateTimeISO }) } });
    expect(wallAt("America/Los_Angeles", NOW)).toEqual({ year: 2030, month: 1, day: 7, hour: 6, minute: 0, second: 0 });
    expect(toZonedDateTimeISO).toHaveBeenCalledWith("America/Los_Angeles");
  });
});

describe("the page's first drawing", () => {
  it("makes no Intl object before the first slots are on the page", async () => {
    vi.stubGlobal("Temporal", fakeTemporal());
    const root = document.createElement("main");
    document.body.replaceChildren(root);
    const slots = ["2030-01-07T10:00:00-03:00", "2030-01-08T15:00:00-03:00"].map((start) => ({
      start,
      end: new Date(Date.parse(start) + 30 * 60_000).toISOString(),
    }));
    const embedded: EmbeddedData = {
      status: 200,
      type: TYPE,
      slots: { timeZone: HOST, slots, from: "2030-01-07", to: "2030-01-21" },
      labels: preformat(TYPE, "en", DAYS, NOW),
    };
    // Each Intl object the page makes: were slots already on the page?
    const made: boolean[] = [];
    const slotsShown = () => root.querySelector("button.slot") !== null;
    for (const name of ["DateTimeFormat", "NumberFormat"] as const) {
      const Real = Intl[name] as unknown as new (...args: unknown[]) => object;
      vi.spyOn(Intl, name).mockImplementation(function (this: unknown, ...args: unknown[]) {
        made.push(slotsShown());
        return new Real(...args);
      } as never);
    }
    await startPage(root, { typeId: "intro", embedded, zone: "America/New_York", lang: "en", now: () => NOW });
    expect(root.querySelector("button.slot")?.textContent).toBe("8:00 AM");
    expect(made.length).toBeGreaterThan(0);
    expect(made.every(Boolean)).toBe(true);
    // The zones' offsets are named once the Intl objects are made.
    const zone = root.querySelector<HTMLSelectElement>("#zone");
    expect(zone?.options[0]?.textContent).toBe("America/New York (GMT-5)");
  });
});

describe("the page's first frame", () => {
  it("has the week's first slots but not the form, which follows right after the frame", async () => {
    const frames: FrameRequestCallback[] = [];
    vi.stubGlobal("requestAnimationFrame", (f: FrameRequestCallback) => frames.push(f));
    const root = document.createElement("main");
    document.body.replaceChildren(root);
    const embedded: EmbeddedData = {
      status: 200,
      type: TYPE,
      slots: { timeZone: HOST, slots: [], from: "2030-01-07", to: "2030-01-21" },
    };
    embedded.slots?.slots.push({ start: "2030-01-07T10:00:00-03:00", end: "2030-01-07T10:30:00-03:00" });
    const started = startPage(root, { typeId: "intro", embedded, zone: HOST, lang: "en", now: () => NOW });
    await vi.waitFor(() => expect(frames).toHaveLength(1));
    expect(root.querySelector("button.slot")).not.toBeNull();
    expect(root.querySelector("form")).toBeNull();
    frames[0]?.(0);
    await started;
    const form = root.querySelector("form");
    expect(form?.closest("section")?.previousElementSibling?.querySelector(".week")).not.toBeNull();
    expect(root.querySelector("#lead-name")).not.toBeNull();
  });
});
