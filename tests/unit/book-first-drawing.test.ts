import { screen, waitFor } from "@testing-library/dom";
import userEvent from "@testing-library/user-event";
import axe from "axe-core";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { EmbeddedData, Slot } from "../../worker/checkout/book/src/api";
import { drawWith, h } from "../../worker/checkout/book/src/dom";
import { checkFirstDrawing } from "../../worker/checkout/book/src/early";
import { renderFirstDrawing } from "../../worker/checkout/book/src/first-drawing";
import { preformat } from "../../worker/checkout/book/src/format";
import { stringDocument, toHtml } from "../../worker/checkout/book/src/html";
import { startPage } from "../../worker/checkout/book/src/page";
import { bookingType, dayTimes, NOW } from "./book-fixtures";

// The Worker's drawing of the booking page's first view (first-drawing.ts), the page's classic
// check of it (early.ts) and the module taking it over (page.ts), in happy-dom.

const TYPE = bookingType();
const LEAD = "America/New_York";
const slot = (start: string): Slot => ({ start, end: new Date(Date.parse(start) + 30 * 60_000).toISOString() });
// Host-local times (-03:00): Monday 10:00 and 10:30, Tuesday 15:00 (8:00, 8:30 AM and 1:00 PM in New York).
const SLOTS = [slot("2030-01-07T10:00:00-03:00"), slot("2030-01-07T10:30:00-03:00"), slot("2030-01-08T15:00:00-03:00")];
const DAYS = Array.from({ length: 17 }, (_, i) => new Date(Date.UTC(2030, 0, 6 + i)).toISOString().slice(0, 10));

function embedded(locale = "en"): EmbeddedData {
  return {
    status: 200,
    type: TYPE,
    slots: { timeZone: TYPE.timeZone, slots: SLOTS, from: "2030-01-07", to: "2030-01-21" },
    labels: preformat(TYPE, locale, DAYS, NOW, [LEAD]),
  };
}

let root: HTMLElement;
beforeEach(() => {
  root = document.createElement("main");
  root.id = "root";
  document.body.replaceChildren(root);
});

/** Puts the Worker's drawing (for a lead in `zone`) into root, as the browser parses it. */
function serve(zone = LEAD, locale = "en") {
  const data = embedded(locale);
  if (!data.type || !data.slots || !data.labels) throw new Error("fixture");
  root.dataset.zone = zone;
  root.dataset.lang = locale;
  root.hidden = true;
  // The Worker's markup, escaped by html.ts (what this test checks is how the page treats it).
  root.innerHTML = renderFirstDrawing({
    type: data.type,
    slots: data.slots.slots,
    labels: data.labels,
    zone,
    now: NOW,
  });
  return data;
}

const start = (data: EmbeddedData, zone = LEAD) =>
  startPage(root, { typeId: "intro", embedded: data, zone, lang: null, now: () => NOW, navigate: vi.fn() });

describe("the Worker's first drawing", () => {
  it("is the page's own first view, markup for markup (the form aside)", async () => {
    const data = serve();
    const worker = root.innerHTML;
    root.replaceChildren();
    delete root.dataset.zone;
    await start(data);
    root.querySelector("section.details")?.remove();
    expect(root.innerHTML).toBe(worker);
  });

  it("shows when it is in the device's zone, and is axe-clean", async () => {
    serve();
    checkFirstDrawing(root, LEAD);
    expect(root.hidden).toBe(false);
    expect(dayTimes("Mon, Jan 7")).toEqual(["8:00 AM", "8:30 AM"]);
    expect((await axe.run(root)).violations.map((v) => v.id)).toEqual([]);
  });

  it("is dropped before it shows when the device is in another zone; the page draws that zone", async () => {
    const data = serve();
    checkFirstDrawing(root, "America/Los_Angeles");
    expect(root.hidden).toBe(false);
    expect(root.childElementCount).toBe(0);
    expect(root.dataset.zone).toBeUndefined();
    await start(data, "America/Los_Angeles");
    expect(dayTimes("Mon, Jan 7")).toEqual(["5:00 AM", "5:30 AM"]);
  });

  it("stays on screen until the first frame is painted, then the page draws it whole and live", async () => {
    const data = serve();
    checkFirstDrawing(root, LEAD);
    const drawn = root.querySelector("button.slot");
    const started = start(data);
    // Taken over after the paint: until then the lead keeps seeing (and pressing) the Worker's buttons.
    expect(drawn?.isConnected).toBe(true);
    await started;
    expect(drawn?.isConnected).toBe(false);
    expect(screen.getByRole("button", { name: "Continue to payment" })).toBeTruthy();
    await userEvent.click(screen.getByRole("button", { name: "Tuesday, January 8, 1:00 PM" }));
    await waitFor(() => expect(root.querySelector(".chosen")?.textContent).toMatch(/Jan(uary)? 8.*1:00\sPM/));
  });

  it("keeps the slot pressed before the page's script ran, with the focus on it", async () => {
    const data = serve();
    checkFirstDrawing(root, LEAD);
    const early = screen.getByRole("button", { name: "Monday, January 7, 8:30 AM" });
    early.focus();
    await userEvent.click(early);
    expect(early.getAttribute("aria-pressed")).toBe("true");
    await start(data);
    const live = screen.getByRole("button", { name: "Monday, January 7, 8:30 AM" });
    expect(live).not.toBe(early);
    expect(live.getAttribute("aria-pressed")).toBe("true");
    expect(document.activeElement).toBe(live);
    expect(root.querySelector(".chosen")?.textContent).toMatch(/Jan(uary)? 7.*8:30\sAM/);
  });

  it("keeps the language picked before the page's script ran", async () => {
    const data = serve();
    checkFirstDrawing(root, LEAD);
    const lang = root.querySelector<HTMLSelectElement>("#lang");
    if (!lang) throw new Error("no language picker");
    lang.value = "es";
    await start(data);
    expect(screen.getByLabelText("Mostrar horarios en")).toBeTruthy();
    expect(document.documentElement.lang).toBe("es");
  });
});

describe("the Worker's string DOM", () => {
  const draw = (f: () => HTMLElement) => drawWith(stringDocument(), () => toHtml(f()));

  it("escapes text and attribute values, leaves listeners and false attributes out, and closes no void element", () => {
    const html = draw(() =>
      h(
        "p",
        { title: '"><script>x</script>', hidden: true, disabled: false, onclick: () => undefined },
        "<b>&</b>",
        h("input", { value: "a&b" }),
        0,
      ),
    );
    expect(html).toBe(
      '<p title="&quot;&gt;&lt;script&gt;x&lt;/script&gt;" hidden>&lt;b&gt;&amp;&lt;/b&gt;<input value="a&amp;b">0</p>',
    );
  });

  it("refuses elements whose text is not escaped like other text, and odd attribute names", () => {
    expect(() => draw(() => h("script", null, "x"))).toThrow(/not drawn on the server/);
    expect(() => draw(() => h("style"))).toThrow(/not drawn on the server/);
    expect(() => draw(() => h("p", { "x onload": "1" } as never))).toThrow(/not an attribute name/);
  });

  it("builds with the browser's document again once the drawing is done", () => {
    draw(() => h("p"));
    expect(h("p")).toBeInstanceOf(HTMLElement);
  });
});
