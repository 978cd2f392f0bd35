import { describe, expect, it } from "vitest";
import { embedded, TYPE, withStubApi } from "./book-page-helpers";

// The booking page's first view, drawn by the Worker in the zone Cloudflare gives for the lead's IP
// (worker/checkout/book/src/first-drawing.ts); the page's own check and redraw are tested in
// tests/unit/book-first-drawing.test.ts.

const ZONE = "America/New_York";
const HOUR = 3600_000;
/** A slot a day or so from now, on the hour (the lead's first week holds it in any zone). */
const START = Math.ceil(Date.now() / HOUR) * HOUR + 26 * HOUR;
const SLOT = {
  start: new Date(START).toISOString().replace(".000Z", "Z"),
  end: new Date(START + HOUR / 2).toISOString(),
};

function page(type: object = TYPE, slots: Response | null = null) {
  return withStubApi((p) =>
    p.endsWith("/slots") ? (slots ?? Response.json({ timeZone: TYPE.timeZone, slots: [SLOT] })) : Response.json(type),
  );
}

/** `<main id="root" …>…</main>` of a served page. */
const rootOf = (html: string) => html.match(/<main id="root"[^>]*>[\s\S]*?<\/main>/)?.[0] ?? "";

describe("the first view drawn by the Worker", () => {
  it("is the lead's first week in the zone of their IP, with the page's labels, hidden until the page checks it", async () => {
    const type = { ...TYPE, description: "<img src=x onerror=alert(1)>", hostName: 'Alice "&" Bob' };
    const html = await (await page(type).get("/book/intro", { "accept-language": "en-US" }, ZONE)).text();
    const root = rootOf(html);
    expect(root).toMatch(
      /^<main id="root" data-zone="America\/New_York" data-lang="en" hidden><div class="card book">/,
    );
    // Its text is escaped like the browser's text nodes would be.
    expect(root).toContain("<h1>Intro call &lt;/script&gt;&lt;b&gt;</h1>");
    expect(root).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(root).not.toContain("<img");
    expect(root).toContain('with Alice "&amp;" Bob');
    // Seven days, the slot as a button labelled with its day and its time in New York, the week's one Tab stop.
    expect(root.match(/<div class="day" role="group"/g)).toHaveLength(7);
    const time = new Intl.DateTimeFormat("en", { hour: "numeric", minute: "2-digit", timeZone: ZONE }).format(START);
    const day = new Intl.DateTimeFormat("en-CA", { timeZone: ZONE }).format(START);
    const dayName = new Intl.DateTimeFormat("en", { weekday: "long", day: "numeric", month: "long", timeZone: "UTC" });
    expect(root).toContain(
      `<button type="button" class="slot" id="slot-${START}" data-day="${day}" aria-pressed="false" aria-label="${dayName.format(new Date(`${day}T12:00:00Z`))}, ${time}" tabindex="0">${time}</button>`,
    );
    // The picker: the lead's zone chosen, then the host's; the lead's zone is labelled ahead for the page.
    expect(root).toMatch(/<option value="America\/New_York" selected>America\/New York \(GMT-[45]\)<\/option>/);
    expect(root).toContain('<option value="America/Argentina/Buenos_Aires">');
    const data = embedded(html) as { labels: { labels: Record<string, string> } };
    expect(data.labels.labels[`z${ZONE}`]).toMatch(/^America\/New York \(GMT-[45]\)$/);
    // The form follows when the page's script draws it.
    expect(root).not.toContain("<form");
  });

  it("is drawn in the lead's language, and the document says which", async () => {
    const html = await (await page().get("/book/intro?lang=es", { "accept-language": "en-US" }, ZONE)).text();
    expect(html).toContain('<html lang="es">');
    const root = rootOf(html);
    expect(root).toContain('data-lang="es"');
    expect(root).toContain('<label for="zone">Mostrar horarios en</label>');
    expect(root).toContain('<option value="es" selected>Español</option>');
  });

  it.each([
    ["no zone from Cloudflare", undefined, null],
    ["a zone that is not a time zone", "Mars/Olympus_Mons", null],
    ["slots that cannot be read", ZONE, new Response("boom", { status: 500 })],
  ])("is not drawn with %s (the page draws itself)", async (_, zone, slots) => {
    const html = await (await page(TYPE, slots).get("/book/intro", {}, zone)).text();
    expect(rootOf(html)).toBe('<main id="root"></main>');
  });

  it("is not drawn for an unknown type", async () => {
    const stub = withStubApi(() =>
      Response.json({ error: { code: "not_found", message: "No such type." } }, { status: 404 }),
    );
    const res = await stub.get("/book/nope", {}, ZONE);
    expect(res.status).toBe(404);
    expect(rootOf(await res.text())).toBe('<main id="root"></main>');
  });
});
