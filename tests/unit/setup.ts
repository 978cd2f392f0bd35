import { cleanup } from "@testing-library/react";
import { afterEach, beforeEach } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import enMessages from "../../public/_locales/en/messages.json";
import { type Catalogue, formatMessage, setCatalogueOverride } from "../../utils/i18n";

// fakeBrowser has no i18n: serve the real English catalogue (placeholders resolved the way
// chrome.i18n does) so components render real strings.
const en: Catalogue = enMessages;
const getMessage = (key: string, subs?: string | string[]) => formatMessage(en[key], subs);

beforeEach(() => {
  fakeBrowser.reset();
  setCatalogueOverride(null, null);
  Object.assign(fakeBrowser, { i18n: { getMessage, getUILanguage: () => "en" } });
});
afterEach(() => cleanup());
