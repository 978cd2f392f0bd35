import { browser } from "wxt/browser";
import type { PrefillRequest } from "../booking/types";
import { parseBookingTime } from "../parse-booking-time";
import { prefillItem } from "../storage";

/** Id of the right-click "Book this time" menu item. */
export const CONTEXT_MENU_ID = "book-this-time";

/**
 * The menu's strings, keyed like `public/_locales/<locale>/messages.json`. The locale files are
 * owned elsewhere; until these keys are merged there, the English text below is used.
 */
export const CONTEXT_MENU_MESSAGES = {
  contextMenuBookThisTime: {
    en: { message: "Book this time", description: "Right-click menu item on selected text" },
    es: { message: "Reservar este horario", description: "Right-click menu item on selected text" },
    pt_BR: { message: "Agendar este horário", description: "Right-click menu item on selected text" },
  },
} as const;

/** The popup window used when `action.openPopup()` is unavailable or refuses. */
const POPUP_WINDOW = { type: "popup", width: 420, height: 640 } as const;

function title(): string {
  const key = "contextMenuBookThisTime";
  const getMessage = browser.i18n.getMessage as (k: string) => string;
  return getMessage(key) || CONTEXT_MENU_MESSAGES[key].en.message;
}

function userTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}

/** Builds the prefill for a selection; `parsed` is null when no date/time was understood. */
export function buildPrefill(
  text: string,
  page: { title?: string; url?: string } = {},
  now = new Date(),
): PrefillRequest {
  const parsed = parseBookingTime(text, {
    now,
    timeZone: userTimeZone(),
    locale: browser.i18n.getUILanguage?.() || undefined,
  });
  return {
    text,
    parsed,
    ...(page.title ? { pageTitle: page.title } : {}),
    ...(page.url ? { pageUrl: page.url } : {}),
    createdAt: now.toISOString(),
  };
}

async function openPopup(): Promise<void> {
  try {
    if (typeof browser.action?.openPopup !== "function") throw new Error("action.openPopup unavailable");
    await browser.action.openPopup();
  } catch {
    // Firefox without a user gesture, older Chrome, or no focused normal window: a popup window
    // shows the same page.
    await browser.windows.create({ url: browser.runtime.getURL("/popup.html"), ...POPUP_WINDOW });
  }
}

async function onInstalled(): Promise<void> {
  // Updates keep the old item; removing first avoids a duplicate-id error.
  await browser.contextMenus.removeAll();
  browser.contextMenus.create({ id: CONTEXT_MENU_ID, title: title(), contexts: ["selection"] });
}

async function onClicked(
  info: { menuItemId: string | number; selectionText?: string; pageUrl?: string },
  tab?: { title?: string; url?: string },
): Promise<void> {
  if (info.menuItemId !== CONTEXT_MENU_ID) return;
  const prefill = buildPrefill(info.selectionText ?? "", { title: tab?.title, url: info.pageUrl ?? tab?.url });
  // openPopup must run while the click's user gesture is still live, so it is called in the same
  // task as the write rather than after awaiting it; the write is issued first and lands before
  // the popup page has loaded.
  const stored = prefillItem.setValue(prefill);
  const opened = openPopup();
  await Promise.all([stored, opened]);
}

/**
 * Call once at the top of the background's `main()`: creates the "Book this time" menu on install
 * and update, and on click parses the selection, stores a {@link PrefillRequest} in
 * `prefillItem` and opens the popup (or a popup window). Returns a function removing the listeners.
 */
export function registerContextMenu(): () => void {
  const installed = () => {
    onInstalled().catch((error: unknown) => console.error("Could not create the context menu", error));
  };
  const clicked = (info: Parameters<typeof onClicked>[0], tab?: Parameters<typeof onClicked>[1]) => {
    onClicked(info, tab).catch((error: unknown) => console.error("Book this time failed", error));
  };
  browser.runtime.onInstalled.addListener(installed);
  browser.contextMenus.onClicked.addListener(clicked);
  return () => {
    browser.runtime.onInstalled.removeListener(installed);
    browser.contextMenus.onClicked.removeListener(clicked);
  };
}
