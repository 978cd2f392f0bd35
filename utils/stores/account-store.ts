import { create } from "zustand";
import type { CalendarListEntry } from "../google/calendar-types";
import type { MessageKey } from "../message-key";
import { send } from "./send";

/** The signed-in Google account and its calendars, as the popup shows them. */
interface AccountState {
  email: string | null;
  loaded: boolean;
  busy: boolean;
  /** i18n key of the last sign-in/out problem. */
  error: MessageKey | null;
  calendars: CalendarListEntry[];
  load(): Promise<void>;
  signIn(): Promise<void>;
  signOut(): Promise<void>;
  loadCalendars(): Promise<void>;
}

export const useAccountStore = create<AccountState>((set, get) => ({
  email: null,
  loaded: false,
  busy: false,
  error: null,
  calendars: [],
  async load() {
    const account = await send("getAccount", undefined).catch(() => null);
    set({ email: account?.email ?? null, loaded: true });
    if (account) await get().loadCalendars();
  },
  async signIn() {
    set({ busy: true, error: null });
    const r = await send("signIn", undefined);
    if (r.ok) {
      set({ email: r.value.email, busy: false });
      await get().loadCalendars();
    } else set({ busy: false, error: r.error.code });
  },
  async signOut() {
    set({ busy: true, error: null });
    const r = await send("signOut", undefined);
    set(r.ok ? { email: null, calendars: [], busy: false } : { busy: false, error: r.error.code });
  },
  async loadCalendars() {
    const r = await send("listCalendars", undefined);
    if (r.ok) set({ calendars: r.value });
    else set({ error: r.error.code });
  },
}));
