import { Hono } from "hono";
import { renderFirstDrawing } from "#book-first-drawing";
import type { PublicBookingType, SlotsResponse } from "../../../utils/api/booking-page";
import { instantToZoned, isValidTimeZone } from "../../../utils/booking/zoned-time";
import { escapeAttr, escapeText } from "../../checkout/book/src/escape";
import { preformat } from "../../checkout/book/src/format";
import { type Locale, pickLocale } from "../../checkout/src/locale";
import type { Env } from "../env";
import { ApiError } from "../errors";
import { type Ctx, cfg } from "../http";
import { newNonce, pageHeaders } from "../page";

/** The app whose public API the page's data is read from, in-process (no network hop). */
interface SelfApp {
  fetch(req: Request, env: Env, ctx?: Ctx["executionCtx"]): Response | Promise<Response>;
}
type ApiFetch = (path: string, c: Ctx) => Promise<Response>;

const TYPE_ID = /^[A-Za-z0-9_-]{1,64}$/;
/** The placeholders the page's HTML carries for its first view and its data (see worker/checkout/book/index.html). */
const ROOT_SLOT = '<main id="root"></main>';
const DATA_SLOT = '<script id="lc-data" type="application/json">null</script>';
/**
 * Host days of slots embedded with the page: the lead's first two weeks, whatever their zone (a lead
 * west of the host sees up to one host day more), so paging forward once needs no request.
 */
const EMBED_DAYS = 15;

/** JSON safe inside a <script> element: nothing in it can close the element or start markup. */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

const addDays = (key: string, n: number) => {
  const d = new Date(`${key}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

/** The type as the public API answers it, and that lookup's HTTP status (the page says "not found" on a 404). */
async function embeddedType(typeId: string, c: Ctx, api: ApiFetch) {
  if (!TYPE_ID.test(typeId)) return { status: 404, type: null };
  const res = await api(`/v1/book/${typeId}`, c);
  return { status: res.status, type: res.ok ? ((await res.json()) as PublicBookingType) : null };
}

/** The lead's language as the page will pick it: `?lang=`, else the browser's first language. */
function leadLocale(c: Ctx): Locale {
  return pickLocale(c.req.query("lang") ?? c.req.header("accept-language")?.split(",")[0]?.split(";")[0]?.trim());
}

/**
 * The zone of the lead's IP address, as Cloudflare tells it (`wrangler dev` makes one up), or null.
 * Only a guess: the page's check (worker/checkout/book/src/early.ts) compares it with the device's.
 */
function leadZone(c: Ctx): string | null {
  const zone = (c.req.raw as { cf?: { timezone?: unknown } }).cf?.timezone;
  return typeof zone === "string" && isValidTimeZone(zone) ? zone : null;
}

/**
 * The first drawing's labels in `locale`: the host days of the embedded slots and one day either
 * side (a lead's week can start a day before or end a day after the host's days), and the lead's zone.
 */
function embeddedLabels(type: PublicBookingType, locale: Locale, zone: string | null) {
  const from = instantToZoned(Date.now(), type.timeZone).date;
  const days = Array.from({ length: EMBED_DAYS + 2 }, (_, i) => addDays(from, i - 1));
  return preformat(type, locale, days, Date.now(), zone ? [zone] : []);
}

/**
 * `<main id="root">` with the first view drawn in the lead's guessed zone, hidden until the page's
 * check shows it; empty (the page draws itself) when there is no guess or nothing to draw.
 */
function firstView(
  found: { type: PublicBookingType | null },
  slots: SlotsResponse | null,
  labels: ReturnType<typeof embeddedLabels> | undefined,
  zone: string | null,
): string {
  if (!found.type || !slots || !labels || !zone) return ROOT_SLOT;
  try {
    const drawing = renderFirstDrawing({ type: found.type, slots: slots.slots, labels, zone, now: Date.now() });
    return `<main id="root" data-zone="${escapeAttr(zone)}" data-lang="${labels.locale}" hidden>${drawing}</main>`;
  } catch (err) {
    console.error("booking page: drawing the first view failed", err instanceof Error ? err.message : String(err));
    return ROOT_SLOT;
  }
}

/** The type's free slots of `EMBED_DAYS` host days from the host's today on, or null (the page then asks itself). */
async function embeddedSlots(
  typeId: string,
  type: { timeZone: string },
  c: Ctx,
  api: ApiFetch,
): Promise<(SlotsResponse & { from: string; to: string }) | null> {
  try {
    const from = instantToZoned(Date.now(), type.timeZone).date;
    const to = addDays(from, EMBED_DAYS - 1);
    const res = await api(`/v1/book/${typeId}/slots?from=${from}&to=${to}`, c);
    if (res.ok) return { ...((await res.json()) as SlotsResponse), from, to };
  } catch (err) {
    console.error("booking page: embedding slots failed", err instanceof Error ? err.message : String(err));
  }
  return null;
}

/**
 * `GET /book/:typeId`: the public booking page (one static HTML file built by Vite into the
 * assets) with its first data embedded, under the checkout page's headers (worker/src/page.ts).
 * Its inline script and styles carry this response's nonce for that policy, and hashes for the
 * page's own stricter one in its meta tag (scripts of its own and nothing from PayPal). Any other
 * path under /book/ and unknown types get the same page with status 404; it says so in the lead's
 * language.
 */
export function createBookPage(app: SelfApp) {
  const api: ApiFetch = async (path, c) => {
    let ctx: Ctx["executionCtx"] | undefined;
    try {
      ctx = c.executionCtx;
    } catch {
      ctx = undefined; // Hono throws when the caller passed none (some tests)
    }
    return app.fetch(new Request(new URL(path, c.req.url)), c.env, ctx);
  };
  const page = new Hono<{ Bindings: Env }>();
  page.get("*", async (c) => {
    const asset = await c.env.ASSETS.fetch(new URL("/book-page/", c.req.url));
    if (!asset.ok)
      throw new ApiError(503, "page_unavailable", "The booking page is not built (npm run build:checkout).");
    const typeId = c.req.path.match(/^\/book\/([^/]+)\/?$/)?.[1] ?? "";
    const [html, found] = await Promise.all([asset.text(), embeddedType(typeId, c, api)]);
    const nonce = newNonce();
    const locale = leadLocale(c);
    const zone = leadZone(c);
    const title = found.type ? `${escapeText(found.type.title)} · LeadsCalendar` : "LeadsCalendar";
    const [head = "", tail = ""] = html
      .replace('<html lang="en">', () => `<html lang="${locale}">`)
      .replace("<title>LeadsCalendar</title>", () => `<title>${title}</title>`)
      .replace('<script type="module">', `<script type="module" nonce="${nonce}">`)
      .replace("<script>", `<script nonce="${nonce}">`)
      .replace("<style>", `<style nonce="${nonce}">`)
      .split(ROOT_SLOT);
    // The page up to its first view goes out at once: the browser parses it and compiles
    // the script while the slots are computed (freeBusy through Google can take a while).
    const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
    const writer = writable.getWriter();
    const text = new TextEncoder();
    const send = async () => {
      try {
        await writer.write(text.encode(head));
        const slots = found.type ? await embeddedSlots(typeId, found.type, c, api) : null;
        const labels = found.type ? embeddedLabels(found.type, locale, zone) : undefined;
        const data = { status: found.status, type: found.type, slots, labels };
        const rest =
          firstView(found, slots, labels, zone) +
          tail.replace(DATA_SLOT, () => DATA_SLOT.replace("null", () => scriptSafeJson(data)));
        await writer.write(text.encode(rest));
        await writer.close();
      } catch (err) {
        // The lead left before the page was complete: nothing to answer any more.
        await writer.abort(err).catch(() => undefined);
      }
    };
    const sent = send();
    try {
      c.executionCtx.waitUntil(sent);
    } catch {
      void sent; // Hono throws when the caller passed no execution context (some tests)
    }
    return new Response(readable, {
      status: found.status === 404 ? 404 : 200,
      headers: { ...pageHeaders(cfg(c), nonce), "content-type": "text/html; charset=utf-8" },
    });
  });
  return page;
}
