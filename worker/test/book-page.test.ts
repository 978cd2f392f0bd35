import { env } from "cloudflare:workers";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { createBookPage, scriptSafeJson } from "../src/routes/book-page";
import { embedded, TYPE, withStubApi } from "./book-page-helpers";
import { worker } from "./helpers";

// The page's HTML as the Worker serves it (built by `npm run build:checkout` into the assets).

describe("GET /book/:typeId", () => {
  it("serves the page with the type and two weeks (15 host days) of slots embedded, and the checkout page's headers", async () => {
    const slots = {
      timeZone: TYPE.timeZone,
      slots: [{ start: "2030-01-07T10:00:00-03:00", end: "2030-01-07T10:30:00-03:00" }],
    };
    const stub = withStubApi((p) => Response.json(p.endsWith("/slots") ? slots : TYPE));
    const res = await stub.get("/book/intro");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    // The checkout page's headers (worker/src/page.ts), its CSP nonce on the page's inline script and styles.
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    const nonce = res.headers.get("content-security-policy")?.match(/script-src 'self' 'nonce-([^']+)'/)?.[1];
    expect(nonce).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const html = await res.text();
    const data = embedded(html) as { status: number; type: unknown; slots: { from: string; to: string } };
    expect(data.status).toBe(200);
    expect(data.type).toEqual(TYPE);
    expect(data.slots).toMatchObject(slots);
    // From the host's today (Buenos Aires), 15 days.
    const today = new Intl.DateTimeFormat("en-CA", { timeZone: TYPE.timeZone }).format(new Date());
    expect(data.slots.from).toBe(today);
    expect((Date.parse(data.slots.to) - Date.parse(data.slots.from)) / 86_400_000).toBe(14);
    expect(stub.asked).toEqual(["/v1/book/intro", `/v1/book/intro/slots?from=${data.slots.from}&to=${data.slots.to}`]);
    // The title's markup stays inside the JSON; the page's scripts are the hashed inline module and
    // the check of the first view, with the nonce.
    expect(html).not.toContain("</script><b>");
    expect(html).toContain("<title>Intro call &lt;/script&gt;&lt;b&gt; · LeadsCalendar</title>");
    expect(html.match(/<script(?! id="lc-data")[^>]*>/g)).toEqual([
      `<script type="module" nonce="${nonce}">`,
      `<script nonce="${nonce}">`,
    ]);
    // No zone from Cloudflare: no first view drawn (the page draws it).
    expect(html).toContain('<main id="root"></main>');
    expect(html).toContain(`<style nonce="${nonce}">`);
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'sha256-/);
  });

  it.each([
    ["/book/intro?lang=es", "en-US", "es", "30 minutos"],
    ["/book/intro", "pt-BR,pt;q=0.9,en;q=0.8", "pt-BR", "30 minutos"],
    ["/book/intro", "de-DE", "en", "30 minutes"],
  ])("%s (Accept-Language %s): the first drawing's labels in %s", async (path, accept, locale, duration) => {
    const stub = withStubApi((p) =>
      Response.json(p.endsWith("/slots") ? { timeZone: TYPE.timeZone, slots: [] } : TYPE),
    );
    const res = await stub.get(path, { "accept-language": accept });
    const data = embedded(await res.text()) as {
      slots: { from: string; to: string };
      labels: { locale: string; labels: Record<string, string> };
    };
    expect(data.labels.locale).toBe(locale);
    const { labels } = data.labels;
    expect(labels.m30).toBe(duration);
    expect(labels["$1.00 USD"]).toBe(new Intl.NumberFormat(locale, { style: "currency", currency: "USD" }).format(1));
    expect(labels["zAmerica/Argentina/Buenos_Aires"]).toMatch(/^America\/Argentina\/Buenos Aires \(GMT-3\)$/);
    // Every quarter hour of the day, and the slots' host days with one day either side.
    expect(Object.keys(labels).filter((k) => k.startsWith("t"))).toHaveLength(96);
    expect(labels["t13:45"]).toBe(
      new Intl.DateTimeFormat(locale, { hour: "numeric", minute: "2-digit", timeZone: "UTC" }).format(
        Date.UTC(1970, 0, 1, 13, 45),
      ),
    );
    const days = Object.keys(labels)
      .filter((k) => k.startsWith("D"))
      .map((k) => k.slice(1));
    expect(days).toHaveLength(17);
    expect(days[1]).toBe(data.slots.from);
    expect(days[15]).toBe(data.slots.to);
    expect(labels[`d${data.slots.from}`]).toBe(
      new Intl.DateTimeFormat(locale, { weekday: "short", day: "numeric", month: "short", timeZone: "UTC" }).format(
        new Date(`${data.slots.from}T12:00:00Z`),
      ),
    );
  });

  it("sends the page up to its data before the slots are computed, then the data", async () => {
    let answerSlots = (_: Response) => {};
    const slotsAnswer = new Promise<Response>((resolve) => {
      answerSlots = resolve;
    });
    const api = new Hono();
    api.get("/v1/book/intro/slots", () => slotsAnswer);
    api.get("/v1/book/intro", (c) => c.json(TYPE));
    const app = new Hono().route("/book", createBookPage({ fetch: (req, e, ctx) => api.fetch(req, e, ctx) }));
    const res = await app.fetch(new Request("http://worker.test/book/intro"), env);
    expect(res.status).toBe(200);
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    // The script is there to be compiled; the data is not, as the slots are still being computed.
    expect(first).toContain('<script type="module"');
    expect(first).not.toContain('id="lc-data"');
    expect(first).not.toContain("<main");
    answerSlots(Response.json({ timeZone: TYPE.timeZone, slots: [] }));
    let rest = "";
    for (let r = await reader.read(); !r.done; r = await reader.read()) rest += new TextDecoder().decode(r.value);
    expect(embedded(first + rest)).toMatchObject({ status: 200, type: TYPE, slots: { slots: [] } });
    expect(rest).toMatch(/<\/html>\s*$/);
  });

  it("answers an unknown type with the page and status 404 (the page says so), without asking for slots", async () => {
    const stub = withStubApi(() =>
      Response.json({ error: { code: "not_found", message: "No such type." } }, { status: 404 }),
    );
    const res = await stub.get("/book/nope");
    expect(res.status).toBe(404);
    expect(embedded(await res.text())).toEqual({ status: 404, type: null, slots: null });
    expect(stub.asked).toEqual(["/v1/book/nope"]);
  });

  it("still serves the page when the slots cannot be read (the page then asks itself)", async () => {
    const stub = withStubApi((p) =>
      p.endsWith("/slots")
        ? Response.json({ error: { code: "x", message: "x" } }, { status: 503 })
        : Response.json(TYPE),
    );
    const res = await stub.get("/book/intro");
    expect(res.status).toBe(200);
    expect(embedded(await res.text())).toMatchObject({ status: 200, type: TYPE, slots: null });
  });

  it.each([`/book/${"x".repeat(65)}`, "/book/a%2Fb", "/book/", "/book/intro/extra"])(
    "%s: the not-found page, without asking the API",
    async (path) => {
      const stub = withStubApi(() => Response.json(TYPE));
      const res = await stub.get(path);
      expect(res.status).toBe(404);
      expect(embedded(await res.text())).toEqual({ status: 404, type: null, slots: null });
      expect(stub.asked).toEqual([]);
    },
  );

  it("is wired into the real app: an unknown type is a 404 page, not JSON", async () => {
    const res = await worker().call("GET", "/book/no-such-type");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toContain("text/html");
    expect(embedded(res.text)).toMatchObject({ status: 404 });
  });
});

describe("scriptSafeJson", () => {
  it("escapes everything that could end a script element or start markup, and stays the same JSON", () => {
    const value = { a: "</script><!-- & \u2028\u2029 >" };
    const text = scriptSafeJson(value);
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual(value);
  });
});
