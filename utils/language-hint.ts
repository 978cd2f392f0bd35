/**
 * The chosen UI language, mirrored to `localStorage` (synchronous, unlike `chrome.storage`) so
 * the popup can render its first frame before any storage round trip: with "auto" (the browser's
 * language, which chrome.i18n already serves) nothing has to load first.
 */
const KEY = "lc.language";

/** The language last seen in the settings ("auto" when none was recorded yet). */
export function languageHint(): string {
  try {
    return localStorage.getItem(KEY) ?? "auto";
  } catch {
    return "auto";
  }
}

/** Records the settings' language for the next page start. */
export function setLanguageHint(language: string): void {
  try {
    localStorage.setItem(KEY, language);
  } catch {
    // Storage refused (private mode quotas): the next start just waits for the settings.
  }
}
