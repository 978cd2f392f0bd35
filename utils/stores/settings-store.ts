import { create } from "zustand";
import { getSettings, type Settings, settingsItem, validateSettings } from "../settings";

/** The options form: settings being edited, their errors and the save state. */
interface SettingsState {
  settings: Settings | null;
  errors: Partial<Record<keyof Settings, string>>;
  saved: boolean;
  load(): Promise<void>;
  set<K extends keyof Settings>(key: K, value: Settings[K]): void;
  /** Validates and stores; true when saved. */
  save(): Promise<boolean>;
}

export const useSettingsStore = create<SettingsState>((set, get) => ({
  settings: null,
  errors: {},
  saved: false,
  async load() {
    set({ settings: await getSettings(), errors: {}, saved: false });
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
    const errors = validateSettings(s);
    set({ errors, saved: false });
    if (Object.keys(errors).length > 0) return false;
    await settingsItem.setValue({ ...s, workerUrl: s.workerUrl.trim().replace(/\/+$/, "") });
    set({ saved: true });
    return true;
  },
}));
