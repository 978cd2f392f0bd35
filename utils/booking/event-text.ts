import en from "../../public/_locales/en/messages.json";
import es from "../../public/_locales/es/messages.json";
import ptBR from "../../public/_locales/pt_BR/messages.json";
import type { CreateCheckoutRequest } from "../api/contract";
import { type Catalogue, formatMessage } from "../i18n";

/** The languages a booking's guests can get: the checkout page's and the event text's. */
export type BookingLocale = NonNullable<CreateCheckoutRequest["locale"]>;

// Bundled (background only, never the popup): the event text follows the booking's language,
// which chrome.i18n cannot switch to at runtime, and stripping our marker must know every language's.
const CATALOGUES: Record<BookingLocale, Catalogue> = { en, es, "pt-BR": ptBR };

/** Every language an event text can be written in. */
export const BOOKING_LOCALES = Object.keys(CATALOGUES) as BookingLocale[];

/** A message in the booking's language (English when the key is missing there). */
export function eventText(locale: BookingLocale | undefined, key: keyof typeof en, subs?: string | string[]): string {
  const cat = CATALOGUES[locale ?? "en"] ?? CATALOGUES.en;
  return formatMessage(cat[key] ?? CATALOGUES.en[key], subs);
}
