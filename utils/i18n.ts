import { browser } from "wxt/browser";

/**
 * Looks up a string in `public/_locales/<locale>/messages.json` for the browser's UI language.
 * Falls back to the key itself so a missing string is visible rather than blank.
 */
export function t(key: string, substitutions?: string | string[]): string {
  // Keys are checked by the locale tests; the generated literal type would reject `status_${s}`.
  const getMessage = browser.i18n.getMessage as (k: string, s?: string | string[]) => string;
  return getMessage(key, substitutions) || key;
}

/** Sets `<html lang>` to the UI language so screen readers pronounce strings correctly. */
export function applyDocumentLocale(): void {
  document.documentElement.lang = browser.i18n.getUILanguage?.() || "en";
}
