import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");
const load = (lang: string) =>
  JSON.parse(readFileSync(join(root, "public/_locales", lang, "messages.json"), "utf8")) as Record<
    string,
    { message: string; placeholders?: Record<string, { content: string }> }
  >;
const en = load("en");

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return sources(p);
    return /\.(ts|tsx)$/.test(f) && !f.includes(".test.") ? [p] : [];
  });
}

describe("locales", () => {
  it.each(["es", "pt_BR"])("%s has exactly the English keys and placeholders", (lang) => {
    const other = load(lang);
    expect(Object.keys(other).sort()).toEqual(Object.keys(en).sort());
    for (const [key, entry] of Object.entries(en)) {
      expect(Object.keys(other[key]?.placeholders ?? {}), key).toEqual(Object.keys(entry.placeholders ?? {}));
    }
  });

  it("has every key the popup, options and background look up literally", () => {
    const files = [...sources(join(root, "components")), ...sources(join(root, "utils"))];
    const keys = new Set<string>();
    for (const f of files) {
      const text = readFileSync(f, "utf8");
      for (const m of text.matchAll(/\bt\(\s*"([A-Za-z0-9_]+)"/g)) keys.add(m[1] ?? "");
      for (const m of text.matchAll(/"((?:gerr_|werr_|err[A-Z])[A-Za-z_]*)"/g)) keys.add(m[1] ?? "");
    }
    const missing = [...keys].filter((k) => !(k in en));
    expect(missing).toEqual([]);
  });

  it("has every key built from a template", () => {
    const dynamic = [
      ...[
        "invalid",
        "auth",
        "forbidden",
        "rate_limit",
        "not_found",
        "conflict",
        "gone",
        "precondition",
        "server",
        "network",
      ].map((k) => `gerr_${k}`),
      ...["checkout", "event", "open_checkout"].map((k) => `step_${k}`),
      ...["done", "active", "failed", "todo"].map((k) => `stepState_${k}`),
      ...["high", "medium", "low"].map((k) => `confidence_${k}`),
      ...["auto", "en", "es", "pt_BR"].map((k) => `lang_${k}`),
      ...["delete", "keep_cancelled"].map((k) => `optExpiry_${k}`),
      ...["draft", "creating", "awaiting_payment", "paid", "confirmed", "expired", "cancelled", "failed"].map(
        (k) => `status_${k}`,
      ),
      ...["held", "creating", "booked", "slot_lost", "released"].map((k) => `pbStatus_${k}`),
    ];
    expect(dynamic.filter((k) => !(k in en))).toEqual([]);
  });
});

describe("booking page section strings", () => {
  it("has every error key the draft validation can give", async () => {
    const source = readFileSync(join(root, "utils/booking-page/draft.ts"), "utf8");
    const keys = [...source.matchAll(/"(bpErr[A-Za-z]+)"/g)].map((m) => m[1] ?? "");
    expect(keys.length).toBeGreaterThan(10);
    expect(keys.filter((k) => !(k in en))).toEqual([]);
  });
});
