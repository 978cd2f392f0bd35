import { type BookingLocale, eventText } from "../../booking/event-text";
import { currentLanguage, type MessageKey, shippedLocale } from "../../i18n";
import { getSettings } from "../../settings";

/** Strings for the user in the language they chose, and that language for `Intl`. */
export interface UserText {
  lang: BookingLocale;
  t(key: MessageKey, substitutions?: string | string[]): string;
}

/**
 * What the background says to the user (notifications and their buttons) in the language chosen on
 * the options page. In the service worker chrome.i18n only knows the browser's language, so the
 * setting is read each time (it may have changed since the worker started); "auto" is the browser's.
 */
export async function userText(): Promise<UserText> {
  const { language } = await getSettings();
  const lang = shippedLocale(language === "auto" ? currentLanguage() : language);
  return { lang, t: (key, substitutions) => eventText(lang, key, substitutions) };
}
