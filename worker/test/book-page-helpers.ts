import { env } from "cloudflare:workers";
import { Hono } from "hono";
import { createBookPage } from "../src/routes/book-page";

// The booking page's route against a stubbed public API (book-page and book-first-drawing tests).

export const TYPE = {
  id: "intro",
  title: "Intro call </script><b>",
  description: "",
  durationMinutes: 30,
  timeZone: "America/Argentina/Buenos_Aires",
  price: { value: "1.00", currency: "USD" },
  providers: ["paypal"],
  hostName: "Alice",
};

/** The embedded JSON of a served page. */
export function embedded(html: string): Record<string, unknown> | null {
  const m = html.match(/<script id="lc-data" type="application\/json">([\s\S]*?)<\/script>/);
  return m?.[1] ? JSON.parse(m[1]) : null;
}

/** A Worker app whose public booking API is a stub recording what the page asked for. */
export function withStubApi(answer: (path: string) => Response) {
  const asked: string[] = [];
  const api = new Hono();
  api.all("*", (c) => {
    const u = new URL(c.req.url);
    asked.push(u.pathname + u.search);
    return answer(u.pathname);
  });
  const app = new Hono().route("/book", createBookPage({ fetch: (req, e, ctx) => api.fetch(req, e, ctx) }));
  return {
    asked,
    /** `zone`: the lead's zone as Cloudflare tells it (`request.cf.timezone`). */
    get: (path: string, headers: Record<string, string> = {}, zone?: string) =>
      app.fetch(new Request(`http://worker.test${path}`, { headers, cf: zone ? { timezone: zone } : undefined }), env),
  };
}
