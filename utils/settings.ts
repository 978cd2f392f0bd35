import { storage } from "wxt/utils/storage";
import { resolveBuildConfig } from "./build-config";
import { lazyItem } from "./lazy-item";
import type { MessageKey } from "./message-key";

/** UI languages the extension ships; "auto" follows the browser. */
export const LANGUAGES = ["auto", "en", "es", "pt_BR"] as const;
export type Language = (typeof LANGUAGES)[number];

/** What happens to the Google event when an unpaid hold runs out. */
export type ExpiryAction = "delete" | "keep_cancelled";

/** User preferences edited on the options page. */
export interface Settings {
  /** Runtime override of the build's Worker URL; empty = use the build default. */
  workerUrl: string;
  /** Longest an unpaid hold lasts, in hours (the hold also ends 1 h before the event). */
  holdHours: number;
  /** Expiry deletes the event, or keeps it with status cancelled and a marker in the title. */
  expiryAction: ExpiryAction;
  /** Event reminders, minutes before start (popup reminders); empty = the calendar's defaults. */
  reminderMinutes: number[];
  /** Reminders to pay an unpaid hold, minutes before the hold ends; empty = no payment reminders. */
  paymentReminderMinutes: number[];
  /** Length of a new event when only the start is known. */
  defaultDurationMinutes: number;
  /** Calendar preselected in the popup. */
  defaultCalendarId: string;
  /** Whether "Add Google Meet" starts ticked. */
  meetByDefault: boolean;
  /** UI language; anything but "auto" loads that catalogue instead of the browser's. */
  language: Language;
}

export const DEFAULT_SETTINGS: Settings = {
  workerUrl: "",
  holdHours: 24,
  expiryAction: "delete",
  reminderMinutes: [60, 10],
  paymentReminderMinutes: [60, 10],
  defaultDurationMinutes: 30,
  defaultCalendarId: "primary",
  meetByDefault: false,
  language: "auto",
};

/** The options, stored whole; missing fields (older versions) fall back to the defaults on read. */
export const settingsItem = lazyItem(() =>
  storage.defineItem<Settings>("local:settings", {
    fallback: DEFAULT_SETTINGS,
    version: 1,
  }),
);

/** Settings with defaults filled in for fields an older version did not store. */
export async function getSettings(): Promise<Settings> {
  return { ...DEFAULT_SETTINGS, ...(await settingsItem.getValue()) };
}

/** The build's configuration, from the WXT_* variables baked in at build time. */
export function buildConfig() {
  return resolveBuildConfig(import.meta.env as unknown as Record<string, string | undefined>);
}

/** The Worker origin to call: the options override when set, else the build default. */
export function effectiveWorkerUrl(s: Settings): string {
  return (s.workerUrl.trim() || buildConfig().workerUrl).replace(/\/+$/, "");
}

/**
 * Field-level problems of a settings form, as i18n keys (empty object = valid). `maxHoldHours` is
 * the Worker's (`/healthz` limits): a longer hold would be cut short there without a word.
 */
export function validateSettings(s: Settings, maxHoldHours = 72): Partial<Record<keyof Settings, MessageKey>> {
  const errors: Partial<Record<keyof Settings, MessageKey>> = {};
  if (s.workerUrl.trim()) {
    let ok = false;
    try {
      const u = new URL(s.workerUrl.trim());
      // Plain http only for local development; anything reachable by others must be https.
      const local = u.hostname === "127.0.0.1" || u.hostname === "localhost";
      ok = (u.protocol === "https:" || (u.protocol === "http:" && local)) && !u.search && !u.hash && !u.username;
    } catch {
      ok = false;
    }
    if (!ok) errors.workerUrl = "errWorkerUrl";
  }
  // Whole hours: a Worker whose cap is under an hour still takes a 1-hour ask and shortens it.
  if (!Number.isInteger(s.holdHours) || s.holdHours < 1 || s.holdHours > Math.max(1, Math.floor(maxHoldHours)))
    errors.holdHours = "errHoldHours";
  if (!validMinuteList(s.reminderMinutes)) errors.reminderMinutes = "errReminders";
  if (!validMinuteList(s.paymentReminderMinutes)) errors.paymentReminderMinutes = "errReminders";
  if (!Number.isInteger(s.defaultDurationMinutes) || s.defaultDurationMinutes < 5 || s.defaultDurationMinutes > 1440)
    errors.defaultDurationMinutes = "errDuration";
  return errors;
}

/** At most 5 whole minute counts up to four weeks (Google's own limit for event reminders). */
function validMinuteList(list: number[]): boolean {
  return list.length <= 5 && list.every((m) => Number.isInteger(m) && m >= 0 && m <= 40320);
}

/** "60, 10" → [60, 10]; NaN entries are kept so validation can reject them. */
export function parseReminderList(text: string): number[] {
  return text
    .split(/[\s,;]+/)
    .filter(Boolean)
    .map((x) => (/^\d+$/.test(x) ? Number(x) : Number.NaN));
}
