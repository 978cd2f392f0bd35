import { describe, expect, it } from "vitest";
import { formatCountdown, formatMoney, formatRange, zoneName } from "../../worker/checkout/src/format";
import { STRINGS } from "../../worker/checkout/src/i18n";
import { arrivalNotice } from "../../worker/checkout/src/Notice";

// The hosted checkout page's pure parts: money and times with Intl in the payer's language, and
// what it says when a provider sends the payer back.
describe("checkout page formatting", () => {
  it.each([
    ["en", { value: "1.00", currency: "USD" }, "USD 1.00"],
    ["es", { value: "1.00", currency: "USD" }, "1,00 USD"],
    ["pt-BR", { value: "1000.00", currency: "ARS" }, "ARS 1.000,00"],
    ["en", { value: "1.00", currency: "USDT" }, "USDT 1.00"],
    ["es", { value: "2.5", currency: "USDT" }, "2,5 USDT"],
  ])("money in %s: %o → %s", (locale, money, text) => {
    expect(formatMoney(money, locale).replace(/\s/g, " ")).toBe(text);
  });

  it.each([
    ["en", "Thursday, March 5, 2026, 3:00 – 3:30 PM", "Central European Standard Time"],
    ["es", "jueves, 5 de marzo de 2026, 15:00–15:30", "hora estándar de Europa central"],
    ["pt-BR", "quinta-feira, 5 de março de 2026 15:00 – 15:30", "Horário Padrão da Europa Central"],
  ])("an event's times and zone in %s", (locale, range, zone) => {
    const clean = (s: string) => s.replace(/[\s\u202f\u2009]/g, " ");
    expect(clean(formatRange("2026-03-05T14:00:00Z", "2026-03-05T14:30:00Z", locale, "Europe/Madrid"))).toBe(
      clean(range),
    );
    expect(zoneName("2026-03-05T14:00:00Z", locale, "Europe/Madrid")).toBe(zone);
  });
});

describe("checkout page countdown", () => {
  const H = 3600;
  it.each([
    // A 72 h hold just after it started: days and hours, never "71:59:52".
    ["en", 71 * H + 59 * 60 + 52, "2 days 23 hr"],
    ["es", 71 * H + 59 * 60 + 52, "2 d 23 h"],
    ["pt-BR", 71 * H + 59 * 60 + 52, "2 dias 23 h"],
    ["en", 24 * H + 30 * 60, "1 day"],
    ["pt-BR", 5 * H + 3 * 60 + 59, "5 h 3 min"],
    ["es", 2 * H, "2 h"],
    // The last hour ticks by the second.
    ["en", 59 * 60 + 59, "59:59"],
    ["es", 4 * 60 + 5, "4:05"],
    ["pt-BR", -3, "0:00"],
  ])("%s, %i s left → %s", (locale, seconds, text) => {
    expect(formatCountdown(seconds, locale).replace(/\s/g, " ")).toBe(text);
  });
});

describe("checkout page arrival notices", () => {
  const t = STRINGS.en;
  it.each([
    ["?paypal=captured", null],
    ["", null],
    ["?cancelled=paypal", { tone: "info", text: t.paypalCancelled, next: t.nextPayAgain }],
    ["?cancelled=binance", { tone: "info", text: t.binanceCancelled, next: t.nextPayAgain }],
    ["?paypal=declined", { tone: "error", text: t.paypalDeclined, next: t.nextOtherFunding }],
    ["?paypal=INSTRUMENT_DECLINED", { tone: "error", text: t.paypalDeclined, next: t.nextOtherFunding }],
    ["?paypal=not_payable", { tone: "error", text: t.notPayable, next: t.nextAskOrganizer }],
    ["?paypal=error", { tone: "error", text: t.payFailed, next: t.nextRetry }],
  ])("%s", (query, notice) => {
    expect(arrivalNotice(new URLSearchParams(query), t)).toEqual(notice);
  });

  it("has every string in every language, none left in English by mistake", () => {
    const keys = Object.keys(STRINGS.en);
    for (const l of ["es", "pt-BR"] as const) {
      expect(Object.keys(STRINGS[l]).sort()).toEqual([...keys].sort());
      const same = keys.filter((k) => STRINGS[l][k as keyof typeof t] === t[k as keyof typeof t]);
      // Brand names read the same in every language.
      expect(same.filter((k) => !["paypal", "binance", "mercadopago"].includes(k))).toEqual([]);
    }
  });
});
