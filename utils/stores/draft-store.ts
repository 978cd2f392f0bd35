import { create } from "zustand";
import { browserTimeZone, defaultDraft, draftFromPrefill } from "../booking/default-draft";
import { type Draft, draftItem } from "../booking/draft";
import type { PrefillRequest } from "../booking/types";
import { type DraftErrors, validateDraft } from "../booking/validate-draft";
import { addMinutesToTime } from "../booking/zoned-time";
import { sendMessage } from "../messaging";
import { getSettings, type Settings } from "../settings";
import { prefillItem } from "../storage";

const TIME = /^\d{2}:\d{2}$/;

/** Minutes from start to end of a draft, or null when either is incomplete or not after. */
function lengthOf(d: Draft): number | null {
  if (!TIME.test(d.start) || !TIME.test(d.end)) return null;
  const [sh = 0, sm = 0] = d.start.split(":").map(Number);
  const [eh = 0, em = 0] = d.end.split(":").map(Number);
  const minutes = eh * 60 + em - (sh * 60 + sm);
  return minutes > 0 ? minutes : null;
}

/** The popup form: the draft (mirrored to `draftItem` on every change), its errors and submission. */
interface DraftState {
  draft: Draft | null;
  errors: DraftErrors;
  /** The right-click request this draft came from, shown until the user dismisses it. */
  prefill: PrefillRequest | null;
  submitting: boolean;
  /** i18n key of a submission failure. */
  submitError: string | null;
  /** The booking created from the last submission (its progress is shown). */
  activeId: string | null;
  settings: Settings | null;
  /** Minutes between start and end when last both complete; kept when the start moves. */
  lastLength: number | null;
  /** Loads settings, then a pending right-click request (consumed) or the saved draft or a new one. */
  load(now?: number): Promise<void>;
  setField<K extends keyof Draft>(key: K, value: Draft[K]): void;
  dismissPrefill(): void;
  /** Validates; when valid (and signed in) asks the background to create the booking. True when sent. */
  submit(signedIn: boolean, now?: number): Promise<boolean>;
}

export const useDraftStore = create<DraftState>((set, get) => ({
  draft: null,
  errors: {},
  prefill: null,
  submitting: false,
  submitError: null,
  activeId: null,
  settings: null,
  lastLength: null,
  async load(now = Date.now()) {
    // The form waits on these reads, so they go out together (one storage round trip, not three).
    const [settings, prefill, saved] = await Promise.all([getSettings(), prefillItem.getValue(), draftItem.getValue()]);
    const fresh = defaultDraft(now, browserTimeZone(), settings);
    let draft = saved ?? fresh;
    if (prefill) {
      draft = draftFromPrefill(prefill, fresh, settings);
      set({ draft, settings, prefill, errors: {}, lastLength: lengthOf(draft) });
      // Consumed: reopening the popup must not re-apply it. Written after the form shows.
      await Promise.all([prefillItem.setValue(null), draftItem.setValue(draft)]);
      return;
    }
    set({ draft, settings, prefill, errors: {}, lastLength: lengthOf(draft) });
  },
  setField(key, value) {
    const current = get().draft;
    if (!current) return;
    const next = { ...current, [key]: value };
    // Moving the start keeps the event's length, as calendar apps do. The length is the last one
    // seen with both times complete (a half-typed start must not reset it).
    const length = get().lastLength;
    if (key === "start" && typeof value === "string" && TIME.test(value) && length)
      next.end = addMinutesToTime(value, length);
    const lastLength = lengthOf(next) ?? length;
    const { [key]: _fixed, ...errors } = get().errors;
    set({ draft: next, errors, lastLength });
    void draftItem.setValue(next);
  },
  dismissPrefill() {
    set({ prefill: null });
  },
  async submit(signedIn, now = Date.now()) {
    const { draft, settings } = get();
    if (!draft || get().submitting) return false;
    const { errors, input } = validateDraft(draft, now);
    set({ errors, submitError: null });
    if (!input) return false;
    if (!signedIn) {
      set({ submitError: "errSignInRequired" });
      return false;
    }
    set({ submitting: true });
    const r = await sendMessage("createBooking", input).catch((e: unknown) => ({
      ok: false as const,
      error: { code: "errUnexpected", message: String(e) },
    }));
    if (!r.ok) {
      set({ submitting: false, submitError: r.error.code });
      return false;
    }
    const next = defaultDraft(now, draft.timeZone, settings ?? (await getSettings()));
    await draftItem.setValue(null);
    set({ submitting: false, activeId: r.value.id, draft: next, prefill: null, lastLength: lengthOf(next) });
    return true;
  },
}));
