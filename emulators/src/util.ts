// Small helpers shared by every provider module: ids, HTML pages, JSON bodies.
import { randomBytes, randomInt, randomUUID } from "node:crypto";
import type { Context } from "hono";

/** Random string over `alphabet`. */
export function randomFrom(alphabet: string, length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

export const UPPER_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
export const DIGITS = "0123456789";
export const LOWER_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";

/** Hex string of `bytes` random bytes. */
export const randomHex = (bytes: number): string => randomBytes(bytes).toString("hex");
export { randomUUID };

/** Escapes text for HTML element content and double-quoted attributes. */
export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/**
 * A self-contained HTML page (no external resources, so headless Chromium never waits on the
 * network). `body` must already be escaped.
 */
export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>body{font:16px system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem}
button{font:inherit;padding:.5rem 1rem;margin:.25rem}.emu{color:#666;font-size:.8rem}</style>
</head><body>${body}<p class="emu">Local emulator — not a real provider.</p></body></html>`;
}

/** A form of submit buttons posting to `action`, each sending `name=value` plus `hidden` fields. */
export function buttonForm(
  action: string,
  hidden: Record<string, string>,
  buttons: { name: string; value: string; label: string }[],
): string {
  const fields = Object.entries(hidden)
    .map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`)
    .join("");
  const btns = buttons
    .map((b) => `<button type="submit" name="${esc(b.name)}" value="${esc(b.value)}">${esc(b.label)}</button>`)
    .join("");
  return `<form method="post" action="${esc(action)}">${fields}${btns}</form>`;
}

/** Parses a JSON request body; `undefined` when empty, `Error` when malformed. */
export async function readJson(c: Context): Promise<{ raw: string; value: unknown; malformed: boolean }> {
  const raw = await c.req.text();
  if (raw.trim() === "") return { raw, value: undefined, malformed: false };
  try {
    return { raw, value: JSON.parse(raw), malformed: false };
  } catch {
    return { raw, value: undefined, malformed: true };
  }
}

/** Narrowing helper: a plain JSON object. */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Appends query parameters to a URL that may already have some. */
export function withQuery(url: string, params: Record<string, string>): string {
  const u = new URL(url);
  for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
  return u.toString();
}

/** Promise that resolves after `ms`. */
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
