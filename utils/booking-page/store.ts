import { create } from "zustand";
import type { BookingPageView } from "../api/booking-page";
import { AuthRequiredError } from "../google/auth";
import type { MessageKey } from "../message-key";
import { WorkerApiError } from "../worker-client";
import { adminClient } from "./client";
import { type DraftErrors, draftFromView, type PageDraft, settingsFromDraft, validateDraft } from "./draft";

/**
 * Where the host's section stands: `signedOut` (no Google sign-in), `notHost` (another account
 * than the Worker's ADMIN_EMAIL), `absent` (this Worker has no booking page), `error` (unreachable).
 */
export type SectionStatus = "loading" | "ready" | "signedOut" | "notHost" | "absent" | "error";

interface BookingPageState {
  status: SectionStatus;
  view: BookingPageView | null;
  draft: PageDraft | null;
  errors: DraftErrors;
  saving: boolean;
  saved: boolean;
  /** Why the last save failed: an i18n key, and the Worker's own words when it refused the body (400 names the field). */
  saveError: { key: MessageKey; detail?: string } | null;
  load(): Promise<void>;
  /** Applies an edit to the draft (clears the saved note and the edited field's error). */
  edit(change: (d: PageDraft) => PageDraft, field?: string): void;
  save(): Promise<boolean>;
}

function statusOf(e: unknown): SectionStatus {
  if (e instanceof AuthRequiredError) return "signedOut";
  if (e instanceof WorkerApiError && e.status === 403) return "notHost";
  if (e instanceof WorkerApiError && e.status === 401) return "signedOut";
  if (e instanceof WorkerApiError && e.status === 404) return "absent";
  return "error";
}

/** The options page's "Booking page" section: the stored view, the form being edited, its errors. */
export const useBookingPageStore = create<BookingPageState>((set, get) => ({
  status: "loading",
  view: null,
  draft: null,
  errors: {},
  saving: false,
  saved: false,
  saveError: null,
  async load() {
    try {
      const view = await (await adminClient()).getPage();
      // A reload (e.g. after connecting in another tab) keeps what the host is editing.
      set({ status: "ready", view, draft: get().draft ?? draftFromView(view) });
    } catch (e) {
      set({ status: statusOf(e) });
    }
  },
  edit(change, field) {
    const d = get().draft;
    if (!d) return;
    const errors = { ...get().errors };
    if (field) delete errors[field];
    set({ draft: change(d), errors, saved: false, saveError: null });
  },
  async save() {
    const d = get().draft;
    if (!d) return false;
    const errors = validateDraft(d);
    set({ errors, saved: false, saveError: null });
    if (Object.keys(errors).length > 0) return false;
    set({ saving: true });
    try {
      const view = await (await adminClient()).savePage(settingsFromDraft(d));
      set({ view, draft: draftFromView(view), saving: false, saved: true });
      return true;
    } catch (e) {
      const refused = e instanceof WorkerApiError && e.status === 400;
      const key = refused ? "bpErrRefused" : statusOf(e) === "error" ? "bpErrSave" : "bpErrNotHost";
      set({ saving: false, saveError: { key, detail: refused ? e.message : undefined } });
      return false;
    }
  },
}));
