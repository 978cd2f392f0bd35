import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import type { BookingStatus } from "@/utils/booking/types";
import { t } from "@/utils/i18n";

const root = resolve(import.meta.dirname, "../..");
const load = (lang: string) =>
  JSON.parse(readFileSync(join(root, "public/_locales", lang, "messages.json"), "utf8")) as Record<
    string,
    { message: string; placeholders?: Record<string, { content: string }> }
  >;
const en = load("en");

describe("locales", () => {
  it.each(["es", "pt_BR"])("%s has exactly the English keys and placeholders", (lang) => {
    const other = load(lang);
    expect(Object.keys(other).sort()).toEqual(Object.keys(en).sort());
    for (const [key, entry] of Object.entries(en)) {
      expect(Object.keys(other[key]?.placeholders ?? {}), key).toEqual(Object.keys(entry.placeholders ?? {}));
    }
  });

  it("t() takes only keys of the English catalogue: the typecheck rejects a typo", () => {
    // Every key, literal or built from a template (`status_${b.status}`), is a `MessageKey`; this
    // line stops compiling (unused directive) if `t` ever accepts any string again.
    // @ts-expect-error — "fieldTitel" is not in public/_locales/en/messages.json
    expect(t("fieldTitel")).toBe("fieldTitel"); // at run time a missing key shows itself, never a blank
    expect(t("fieldTitle")).toBe("Title");
    expect(t(`status_${"awaiting_payment" as BookingStatus}`)).toBe("Awaiting payment");
  });
});
