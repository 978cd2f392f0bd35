import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { CONTEXT_MENU_ID, CONTEXT_MENU_MESSAGES, registerContextMenu } from "@/utils/background/context-menu";
import type { PrefillRequest } from "@/utils/booking/types";
import { parseBookingTime } from "@/utils/parse-booking-time";
import { prefillItem } from "@/utils/storage";

type Listener = (...args: never[]) => unknown;

/** A minimal `browser.events.Event` whose listeners the test can fire. */
function fakeEvent<L extends Listener>() {
  const listeners = new Set<L>();
  return {
    addListener: (l: L) => void listeners.add(l),
    removeListener: (l: L) => void listeners.delete(l),
    hasListener: (l: L) => listeners.has(l),
    fire: (...args: Parameters<L>) => {
      for (const l of listeners) l(...args);
    },
    get size() {
      return listeners.size;
    },
  };
}

type ClickListener = (info: { menuItemId: string; selectionText?: string; pageUrl?: string }, tab?: object) => void;

// fakeBrowser has no contextMenus and no action.openPopup: stand-ins the tests can inspect.
let contextMenus: {
  create: ReturnType<typeof vi.fn>;
  removeAll: ReturnType<typeof vi.fn>;
  onClicked: ReturnType<typeof fakeEvent<ClickListener>>;
};
let openPopup: ReturnType<typeof vi.fn>;
let createWindow: ReturnType<typeof vi.fn>;
let unregister: () => void;
const NOW = new Date("2026-11-18T15:00:00Z");

beforeEach(() => {
  vi.useFakeTimers({ now: NOW, toFake: ["Date"] });
  contextMenus = { create: vi.fn(), removeAll: vi.fn(async () => {}), onClicked: fakeEvent<ClickListener>() };
  openPopup = vi.fn(async () => {});
  createWindow = vi.fn(async () => ({ id: 7 }));
  Object.assign(fakeBrowser, { contextMenus });
  Object.assign(fakeBrowser.action, { openPopup });
  Object.assign(fakeBrowser.windows, { create: createWindow });
  Object.assign(fakeBrowser.i18n, { getUILanguage: () => "en-US" });
  unregister = registerContextMenu();
});

afterEach(() => {
  unregister();
  vi.useRealTimers();
});

async function click(selectionText: string | undefined, menuItemId = CONTEXT_MENU_ID): Promise<void> {
  contextMenus.onClicked.fire(
    { menuItemId, selectionText, pageUrl: "https://mail.example.com/inbox/1" },
    { title: "Inbox — Re: our call" },
  );
  // The listener works asynchronously; wait until it has opened something.
  await vi.waitFor(() => expect(openPopup.mock.calls.length + createWindow.mock.calls.length).toBeGreaterThan(0));
  await vi.waitFor(async () => expect(await prefillItem.getValue()).not.toBeNull());
}

describe("registerContextMenu", () => {
  it("creates the selection menu on install, clearing any left from a previous version", async () => {
    await fakeBrowser.runtime.onInstalled.trigger({ reason: "install" });
    await vi.waitFor(() => expect(contextMenus.create).toHaveBeenCalledTimes(1));
    expect(contextMenus.removeAll).toHaveBeenCalledBefore(contextMenus.create);
    expect(contextMenus.create).toHaveBeenCalledWith({
      id: CONTEXT_MENU_ID,
      title: CONTEXT_MENU_MESSAGES.contextMenuBookThisTime.en.message,
      contexts: ["selection"],
    });
  });

  it("titles the menu through i18n when the locale files have the key", async () => {
    Object.assign(fakeBrowser.i18n, {
      getMessage: (key: string) => (key === "contextMenuBookThisTime" ? "Reservar este horario" : ""),
    });
    await fakeBrowser.runtime.onInstalled.trigger({ reason: "update", previousVersion: "0.0.9" });
    await vi.waitFor(() => expect(contextMenus.create).toHaveBeenCalledTimes(1));
    expect(contextMenus.create.mock.calls[0]?.[0]).toMatchObject({ title: "Reservar este horario" });
  });

  it("stores what it understood and opens the popup", async () => {
    await click("Can we do tomorrow 3pm?");
    const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const parsed = parseBookingTime("Can we do tomorrow 3pm?", { now: NOW, timeZone, locale: "en-US" });
    expect(parsed).toMatchObject({ allDay: false, matchedText: "tomorrow 3pm", confidence: "high", timeZone });
    expect(parsed?.start).toContain("T15:00:00");
    expect(await prefillItem.getValue()).toStrictEqual<PrefillRequest>({
      text: "Can we do tomorrow 3pm?",
      parsed,
      pageTitle: "Inbox — Re: our call",
      pageUrl: "https://mail.example.com/inbox/1",
      createdAt: NOW.toISOString(),
    });
    expect(openPopup).toHaveBeenCalledTimes(1);
    expect(createWindow).not.toHaveBeenCalled();
  });

  it("stores the text with parsed null when nothing was understood", async () => {
    await click("Let's catch up soon");
    expect(await prefillItem.getValue()).toMatchObject({ text: "Let's catch up soon", parsed: null });
    expect(openPopup).toHaveBeenCalledTimes(1);
  });

  it("falls back to a popup window when action.openPopup fails", async () => {
    openPopup.mockRejectedValueOnce(new Error("Could not find an active browser window."));
    await click("Friday 10:00-11:00");
    await vi.waitFor(() => expect(createWindow).toHaveBeenCalledTimes(1));
    expect(createWindow).toHaveBeenCalledWith({
      url: fakeBrowser.runtime.getURL("/popup.html"),
      type: "popup",
      width: 420,
      height: 640,
    });
    expect((await prefillItem.getValue())?.parsed?.end).toBeDefined();
  });

  it("falls back to a popup window when action.openPopup does not exist", async () => {
    Object.assign(fakeBrowser.action, { openPopup: undefined });
    await click("tomorrow");
    expect(createWindow).toHaveBeenCalledTimes(1);
    expect((await prefillItem.getValue())?.parsed?.allDay).toBe(true);
  });

  it("ignores other menu items", async () => {
    contextMenus.onClicked.fire({ menuItemId: "something-else", selectionText: "tomorrow 3pm" });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await prefillItem.getValue()).toBeNull();
    expect(openPopup).not.toHaveBeenCalled();
  });

  it("removes its listeners when unregistered", () => {
    expect(contextMenus.onClicked.size).toBe(1);
    unregister();
    expect(contextMenus.onClicked.size).toBe(0);
  });
});
