import { create } from "zustand";
import { browserTimeZone, defaultDraft, draftFromPrefill } from "../booking/default-draft";
import { type Draft, draftItem, emptyDraft } from "../booking/draft";
import { DEFAULT_HOLD_LIMITS, draftHold, type HoldLimits } from "../booking/hold";
import type { Booking, PrefillRequest } from "../booking/types";
import { type DraftErrors, validateDraft } from "../booking/validate-draft";
import { addMinutesToTime } from "../booking/zoned-time";
import { checkoutLocale } from "../i18n";
import type { MessageKey } from "../message-key";
import { DEFAULT_SETTINGS, effectiveWorkerUrl, getSettings, type Settings } from "../settings";
import { bookingsItem, prefillItem } from "../storage";
import { formatInZone } from "../time-zones";
import { holdLimitsItem, limitsFor, refreshHoldLimits } from "../worker-limits";
import { send, unreachable } from "./send";

const TIME = /^\d{2}:\d{2}$/;

/** Minutes from start to end of a draft, or null when either is incomplete or not after. */
function lengthOf(d: Draft): number | null {
  if (!TIME.test(d.start) || !TIME.test(d.end)) return null;
  const [sh = 0, sm = 0] = d.start.split(":").map(Number);
  const [eh = 0, em = 0] = d.end.split(":").map(Number);
  const minutes = eh * 60 + em - (sh * 60 + sm);
  return minutes > 0 ? minutes : null;
}

/**
 * True once a booking's event exists in Google (or it got past that point): from then on the
 * draft it came from is done with.
 */
export function eventExists(b: Booking): boolean {
  return (
    !!b.htmlLink ||
    (b.status === "creating" && b.step === "open_checkout") ||
    ["awaiting_payment", "paid", "confirmed", "expired"].includes(b.status)
  );
}

/** The popup form: the draft (mirrored to `draftItem` on every change), its errors and submission. */
interface DraftState {
  draft: Draft | null;
  errors: DraftErrors;
  /** The right-click request this draft came from, shown until the user dismisses it. */
  prefill: PrefillRequest | null;
  submitting: boolean;
  /** i18n key of a submission failure. */
  submitError: MessageKey | null;
  /** The booking created from the last submission: its progress (or failure) shows by the button. */
  activeId: string | null;
  settings: Settings | null;
  /** The Worker's hold limits (cached; refreshed after the form shows). */
  limits: HoldLimits;
  /** Minutes between start and end when last both complete; kept when the start moves. */
  lastLength: number | null;
  /** True once the user changed a field: a late `load` then keeps what they typed. */
  touched: boolean;
  /**
   * A default draft at once, before any storage read, so the form is usable in the first frame;
   * `load` replaces it a few milliseconds later unless the user already typed.
   */
  prime(now?: number): void;
  /** Loads settings, then a pending right-click request (consumed) or the saved draft or a new one. */
  load(now?: number): Promise<void>;
  setField<K extends keyof Draft>(key: K, value: Draft[K]): void;
  dismissPrefill(): void;
  /** Validates; when valid (and signed in) asks the background to create the booking. True when sent. */
  submit(signedIn: boolean, now?: number): Promise<boolean>;
  /** Follows the active booking: once its event exists the draft is cleared for the next one. */
  settle(bookings: readonly Booking[], now?: number): void;
  /** Asks the Worker for its current limits (after the first render, off the critical path). */
  refreshLimits(): Promise<void>;
}

export const useDraftStore = create<DraftState>((set, get) => ({
  draft: null,
  errors: {},
  prefill: null,
  submitting: false,
  submitError: null,
  activeId: null,
  settings: null,
  limits: DEFAULT_HOLD_LIMITS,
  lastLength: null,
  touched: false,
  prime(now = Date.now()) {
    const draft = defaultDraft(now, browserTimeZone(), DEFAULT_SETTINGS);
    set({ draft, touched: false, lastLength: lengthOf(draft) });
  },
  async load(now = Date.now()) {
    // The form waits on these reads, so they go out together (one storage round trip, not four).
    const [settings, prefill, saved, bookings, cachedLimits] = await Promise.all([
      getSettings(),
      prefillItem.getValue(),
      draftItem.getValue(),
      bookingsItem.getValue(),
      holdLimitsItem.getValue(),
    ]);
    const limits = limitsFor(cachedLimits, effectiveWorkerUrl(settings));
    if (get().touched && get().draft) {
      // Typed into the primed form already: keep it, take only what the form cannot show yet.
      set({ settings, limits });
      return;
    }
    const fresh = defaultDraft(now, browserTimeZone(), settings);
    let draft = saved ? emptyDraft(saved) : fresh;
    let activeId: string | null = null;
    if (saved?.bookingId) {
      const b = bookings[saved.bookingId];
      activeId = b ? saved.bookingId : null;
      // Created while the popup was closed: the draft has done its job. Cancelled before its
      // event existed: what was typed is still wanted.
      if (!b || eventExists(b)) draft = fresh;
      else if (b.status === "cancelled") draft = emptyDraft({ ...saved, bookingId: undefined });
    }
    if (prefill) {
      draft = draftFromPrefill(prefill, fresh, settings);
      set({
        draft,
        settings,
        limits,
        prefill,
        errors: {},
        activeId: null,
        lastLength: lengthOf(draft),
        touched: false,
      });
      // Consumed: reopening the popup must not re-apply it. Written after the form shows.
      await Promise.all([prefillItem.setValue(null), draftItem.setValue(draft)]);
      return;
    }
    set({ draft, settings, limits, prefill, errors: {}, activeId, lastLength: lengthOf(draft), touched: false });
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
    set({ draft: next, errors, lastLength, submitError: null, touched: true });
    void draftItem.setValue(next);
  },
  dismissPrefill() {
    set({ prefill: null });
  },
  async submit(signedIn, now = Date.now()) {
    const { draft, activeId } = get();
    if (!draft || get().submitting) return false;
    const { errors, input } = validateDraft(draft, now);
    set({ errors, submitError: null });
    if (!input) return false;
    if (!signedIn) {
      set({ submitError: "errSignInRequired" });
      return false;
    }
    set({ submitting: true });
    const settings = get().settings ?? (await getSettings());
    // A failed earlier attempt from this same draft is replaced, not left holding a checkout.
    const previous = activeId ? (await bookingsItem.getValue())[activeId] : undefined;
    if (previous?.status === "failed") await send("cancelBooking", { id: previous.id }).catch(() => null);
    // The hold the form showed is the hold the booking gets.
    const plan = draftHold(draft.allDay ? { ...draft, start: "00:00" } : draft, settings, get().limits, now);
    const r = await send("createBooking", {
      ...input,
      ...(plan ? { holdUntil: formatInZone(plan.untilMs, input.timeZone) } : {}),
      locale: checkoutLocale(),
    }).catch(unreachable);
    if (!r.ok) {
      set({ submitting: false, submitError: r.error.code });
      return false;
    }
    const kept = { ...draft, bookingId: r.value.id };
    await draftItem.setValue(kept);
    set({ submitting: false, activeId: r.value.id, draft: kept });
    return true;
  },
  settle(bookings, now = Date.now()) {
    const { draft, settings } = get();
    if (!draft?.bookingId || !settings) return;
    const b = bookings.find((x) => x.id === draft.bookingId);
    if (b?.status === "cancelled" && !eventExists(b)) {
      const { bookingId: _gone, ...unlinked } = draft;
      set({ draft: unlinked });
      void draftItem.setValue(unlinked);
      return;
    }
    if (!b || !eventExists(b)) return;
    const next = defaultDraft(now, draft.timeZone, settings);
    set({ draft: next, prefill: null, lastLength: lengthOf(next) });
    void draftItem.setValue(null);
  },
  async refreshLimits() {
    const settings = get().settings ?? (await getSettings());
    const limits = await refreshHoldLimits(effectiveWorkerUrl(settings));
    set({ limits });
  },
}));
