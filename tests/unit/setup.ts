import { cleanup } from "@testing-library/react";
import { afterEach, beforeEach } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import enMessages from "../../public/_locales/en/messages.json";

// fakeBrowser has no i18n: serve the real English catalogue so components render real strings.
const en: Record<string, { message: string }> = enMessages;
function getMessage(key: string, subs?: string | string[]): string {
  const list = subs === undefined ? [] : Array.isArray(subs) ? subs : [subs];
  return (en[key]?.message ?? "").replace(/\$(\d)/g, (_, n) => list[Number(n) - 1] ?? "");
}

beforeEach(() => {
  fakeBrowser.reset();
  Object.assign(fakeBrowser, { i18n: { getMessage, getUILanguage: () => "en" } });
});
afterEach(() => cleanup());
