// The hosted pages' languages and how one is picked, without the strings or React: the booking
// page and the Worker (which formats the booking page's first labels) need only this.

export const LOCALES = ["en", "es", "pt-BR"] as const;
export type Locale = (typeof LOCALES)[number];

/** The best supported locale: an explicit choice, then the checkout's, then the browser's. */
export function pickLocale(...candidates: (string | null | undefined)[]): Locale {
  for (const c of candidates) {
    if (!c) continue;
    const exact = LOCALES.find((l) => l.toLowerCase() === c.toLowerCase());
    if (exact) return exact;
    const base = c.toLowerCase().split("-")[0];
    if (base === "pt") return "pt-BR";
    if (base === "es") return "es";
    if (base === "en") return "en";
  }
  return "en";
}
