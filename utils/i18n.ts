import { browser } from "wxt/browser";
import type { MessageKey } from "./message-key";

export type { MessageKey };

/** One entry of `_locales/<lang>/messages.json`. */
export interface LocaleEntry {
  message: string;
  placeholders?: Record<string, { content: string }>;
}
export type Catalogue = Record<string, LocaleEntry>;

/**
 * Resolves a messages.json entry the way chrome.i18n does: named `$placeholder$`s map to their
 * `content` (usually `$1`…`$9`), then positional `$n` take the substitutions; `$$` is a dollar.
 */
export function formatMessage(entry: LocaleEntry | undefined, substitutions?: string | string[]): string {
  if (!entry) return "";
  const subs = substitutions === undefined ? [] : Array.isArray(substitutions) ? substitutions : [substitutions];
  const placeholders = Object.fromEntries(
    Object.entries(entry.placeholders ?? {}).map(([k, v]) => [k.toLowerCase(), v.content]),
  );
  const named = entry.message.replace(
    /\$([a-zA-Z0-9_@]+)\$/g,
    (m, name: string) => placeholders[name.toLowerCase()] ?? m,
  );
  return named.replace(/\$(\$|[1-9])/g, (_, c: string) => (c === "$" ? "$" : (subs[Number(c) - 1] ?? "")));
}

// A language chosen on the options page. chrome.i18n follows only the browser's language and
// cannot switch at runtime, so an override loads that catalogue from the package itself.
let override: Catalogue | null = null;
let overrideLang: string | null = null;

/**
 * Uses `_locales/<lang>/messages.json` instead of the browser's language ("auto" or null = back
 * to chrome.i18n). Call before rendering.
 */
export async function setLanguageOverride(lang: string | null): Promise<void> {
  if (!lang || lang === "auto") {
    override = null;
    overrideLang = null;
    return;
  }
  const url = browser.runtime.getURL(`/_locales/${lang}/messages.json` as "/");
  const res = await fetch(url);
  if (!res.ok) throw new Error(`no catalogue for ${lang}`);
  override = (await res.json()) as Catalogue;
  overrideLang = lang;
}

/** Installs a catalogue directly (tests, or a caller that already has it). */
export function setCatalogueOverride(lang: string | null, catalogue: Catalogue | null): void {
  override = catalogue;
  overrideLang = catalogue ? lang : null;
}

/**
 * Looks up a string for the chosen language (override) or the browser's UI language.
 * Falls back to the key itself so a missing string is visible rather than blank.
 */
export function t(key: MessageKey, substitutions?: string | string[]): string {
  if (override) return formatMessage(override[key], substitutions) || key;
  return uiMessage(key, substitutions) || key;
}

// chrome.i18n typed as WebExtensions declare it, not by WXT's generated overloads: those are
// regenerated only by `wxt prepare`, and `MessageKey` already checks every key against the JSON.
const uiMessage = (key: MessageKey, substitutions?: string | string[]): string => {
  const i18n: { getMessage(name: string, substitutions?: string | string[]): string } = browser.i18n;
  return i18n.getMessage(key, substitutions);
};

/** The language in use as a BCP 47 tag ("pt-BR"). */
export function currentLanguage(): string {
  return (overrideLang ?? browser.i18n.getUILanguage?.() ?? "en").replace("_", "-");
}

/** Sets `<html lang>` to the UI language so screen readers pronounce strings correctly. */
export function applyDocumentLocale(): void {
  document.documentElement.lang = currentLanguage();
}

/** The Worker contract's locale for the checkout page, from the language in use. */
export function checkoutLocale(): "en" | "es" | "pt-BR" {
  return shippedLocale(currentLanguage());
}

/** The shipped language closest to a BCP 47 tag or a catalogue name ("pt_BR", "es-AR" → "es"). */
export function shippedLocale(lang: string): "en" | "es" | "pt-BR" {
  const l = lang.toLowerCase();
  if (l.startsWith("es")) return "es";
  if (l.startsWith("pt")) return "pt-BR";
  return "en";
}
