import { create } from "zustand";
import { DEFAULT_HOLD_LIMITS, type HoldLimits } from "../booking/hold";
import type { MessageKey } from "../message-key";
import { effectiveWorkerUrl, getSettings, type Settings, settingsItem, validateSettings } from "../settings";
import { cachedHoldLimits, refreshHoldLimits } from "../worker-limits";

/** The options form: settings being edited, their errors and the save state. */
interface SettingsState {
  settings: Settings | null;
  errors: Partial<Record<keyof Settings, MessageKey>>;
  saved: boolean;
  /** The Worker's hold limits: the hold length may not exceed its maximum. */
  limits: HoldLimits;
  load(): Promise<void>;
  set<K extends keyof Settings>(key: K, value: Settings[K]): void;
  /** Validates and stores; true when saved. */
  save(): Promise<boolean>;
}

export const useSettingsStore = create<SettingsState>((set, get) => ({
  settings: null,
  errors: {},
  saved: false,
  limits: DEFAULT_HOLD_LIMITS,
  async load() {
    const settings = await getSettings();
    const url = effectiveWorkerUrl(settings);
    set({ settings, errors: {}, saved: false, limits: await cachedHoldLimits(url) });
    set({ limits: await refreshHoldLimits(url) });
  },
  set(key, value) {
    const s = get().settings;
    if (!s) return;
    const { [key]: _fixed, ...errors } = get().errors;
    set({ settings: { ...s, [key]: value }, errors, saved: false });
  },
  async save() {
    const s = get().settings;
    if (!s) return false;
    const errors = validateSettings(s, get().limits.maxHoldHours);
    set({ errors, saved: false });
    if (Object.keys(errors).length > 0) return false;
    await settingsItem.setValue({ ...s, workerUrl: s.workerUrl.trim().replace(/\/+$/, "") });
    set({ saved: true });
    return true;
  },
}));
