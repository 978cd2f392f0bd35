// The booking page: what is booked, a week of free slots in the lead's zone, the lead's details,
// then the reservation and the redirect to the ordinary checkout page.
import { allTimeZones, isValidTimeZone } from "../../../../utils/booking/zoned-time";
import { type Locale, pickLocale } from "../../src/locale";
import { BookApiError, bookApi, type EmbeddedData, type PublicBookingType, type Slot } from "./api";
import { replace } from "./dom";
import { readFirstDrawing } from "./early";
import { type FieldErrors, type LeadFields, showFieldError, validateLead } from "./form";
import { setPreformatted } from "./format";
import { slotId } from "./grid";
import { BOOK_STRINGS } from "./i18n";
import { nextPaint, paintQueue } from "./paint";
import { pageCard, paging, pickerZones, readyView } from "./ready";
import { createSlotStore } from "./slots";
import { detailsSection, labelZones, statusView, zoneOption } from "./views";
import { addDaysToKey, dayKey, groupByDay, hostRange, weekDays } from "./week";

/** What the page needs from its surroundings; tests replace them. */
export interface PageOptions {
  typeId: string | null;
  embedded: EmbeddedData | null;
  /** ?lang= of the URL. */
  lang?: string | null;
  /** The browser's zone (detected). */
  zone?: string;
  now?: () => number;
  navigate?: (url: string) => void;
}

const later = (a: string, b: string) => (a > b ? a : b);

/** Starts the page in `root`; resolves once the first view (slots, not found or an error) is fully drawn. */
export async function startPage(root: HTMLElement, opts: PageOptions): Promise<void> {
  const now = opts.now ?? Date.now;
  const navigate = opts.navigate ?? ((url: string) => window.location.assign(url));
  const detected = opts.zone && isValidTimeZone(opts.zone) ? opts.zone : "UTC";
  // The Worker's drawing of the first view, when it is in this zone (early.ts has shown it).
  const drawn = readFirstDrawing(root, detected);
  const s = {
    chosenLocale: null as Locale | null,
    type: null as PublicBookingType | null,
    view: "loading" as "loading" | "notFound" | "loadError" | "ready",
    zone: detected,
    allZones: false,
    week: dayKey(now(), detected),
    weekLoading: false,
    /** Why the week could not be read: a string key, or null. */
    weekError: null as "loadError" | "notTaking" | null,
    chosen: null as Slot | null,
    values: { name: "", email: "", notes: "" } as LeadFields,
    errors: {} as FieldErrors,
    submitting: false,
    message: null as string | null,
  };
  const locale = () => pickLocale(s.chosenLocale, opts.lang, navigator.language);
  const t = () => BOOK_STRINGS[locale()];
  const store = createSlotStore(opts.typeId ?? "");
  const today = () => dayKey(now(), s.zone);
  const hostZone = () => s.type?.timeZone ?? s.zone;
  /** Until the first week is drawn: draw its first slots, paint, then the other days. */
  let firstWeek = true;
  const rest = paintQueue();
  const drawLater = rest.later;

  /** Host days of the week on screen, never before the host's today (nothing is free in the past). */
  function need() {
    const r = hostRange(s.week, s.zone, hostZone());
    const hostToday = dayKey(now(), hostZone());
    return { from: later(r.from, hostToday), to: later(r.to, hostToday) };
  }

  async function loadWeek(fresh = false) {
    if (!s.type || (!fresh && store.has(need()))) return render();
    s.weekLoading = true;
    s.weekError = null;
    render();
    try {
      await store.load(need(), fresh);
    } catch (err) {
      // A dead calendar connection on the host's side: say so rather than blame the lead's network.
      s.weekError = err instanceof BookApiError && err.code === "not_taking_bookings" ? "notTaking" : "loadError";
    }
    s.weekLoading = false;
    render();
  }

  async function loadType() {
    const e = opts.embedded;
    s.view = "loading";
    try {
      if (!opts.typeId || e?.status === 404) s.view = "notFound";
      else {
        s.type = e?.type ?? (await bookApi.type(opts.typeId));
        if (e?.slots) store.add({ from: e.slots.from, to: e.slots.to }, e.slots.slots);
        if (drawn?.chosen) s.chosen = store.all().find((x) => slotId(x.start) === drawn.chosen) ?? null;
        s.view = "ready";
      }
    } catch (err) {
      s.view = err instanceof BookApiError && err.status === 404 ? "notFound" : "loadError";
    }
    if (s.view === "ready") await loadWeek();
    else render();
  }

  async function submit() {
    const type = s.type;
    s.errors = validateLead(s.values);
    s.message = s.chosen ? null : t().pickFirst;
    if (Object.keys(s.errors).length > 0 || !s.chosen || !type) {
      render();
      const first = (["name", "email", "notes"] as const).find((k) => s.errors[k]);
      document.getElementById(first ? `lead-${first}` : "week-h")?.focus();
      return;
    }
    s.submitting = true;
    render();
    try {
      const r = await bookApi.reserve(type.id, {
        start: s.chosen.start,
        name: s.values.name.trim(),
        email: s.values.email.trim(),
        notes: s.values.notes.trim() || undefined,
        locale: locale(),
        timeZone: s.zone,
      });
      navigate(r.checkoutUrl);
      return;
    } catch (err) {
      s.submitting = false;
      if (err instanceof BookApiError && err.status === 409) {
        // Taken meanwhile: say so, drop the choice, and show what is free now.
        s.message = t().slotTaken;
        s.chosen = null;
        await loadWeek(true);
        document.getElementById("week-h")?.focus();
        return;
      }
      s.message = t().reserveError;
    }
    render();
  }

  /** The lead's, the detected and the host's zone first; every other zone once {@link addAllZones} ran. */
  function zoneList(type: PublicBookingType): string[] {
    return pickerZones(s.zone, detected, type.timeZone, s.allZones ? allTimeZones() : []);
  }

  /**
   * The ~400 other zones go into the picker after the slots show, when the browser is idle: they
   * cost more than the rest of the page. Added in place, so nothing the lead is doing is disturbed.
   */
  function addAllZones() {
    const select = document.getElementById("zone");
    if (s.allZones || !select || !s.type) return;
    const shown = new Set(zoneList(s.type));
    s.allZones = true;
    for (const z of zoneList(s.type)) if (!shown.has(z)) select.appendChild(zoneOption(z));
  }

  function ready(type: PublicBookingType): HTMLElement[] {
    const tr = t();
    const lang = locale();
    const deferRest = firstWeek;
    firstWeek = false;
    const { summary, week } = readyView({
      t: tr,
      locale: lang,
      type,
      zone: s.zone,
      zones: zoneList(type),
      week: s.week,
      byDay: groupByDay(store.all(), s.zone, weekDays(s.week)),
      chosen: s.chosen?.start ?? null,
      loading: s.weekLoading,
      failed: s.weekError,
      ...paging(s.week, today()),
      aheadOnly: deferRest,
      onZone: (zone) => {
        s.zone = zone;
        s.week = today();
        void loadWeek();
      },
      onPage: (delta) => {
        s.week = addDaysToKey(s.week, 7 * delta);
        void loadWeek();
      },
      onRetry: () => void loadWeek(true),
      onChoose: (slot) => {
        s.chosen = slot;
        s.message = null;
        render();
      },
      later: deferRest ? drawLater : undefined,
    });
    const details = () =>
      detailsSection({
        t: tr,
        locale: lang,
        chosen: s.chosen,
        zone: s.zone,
        hostZone: type.timeZone,
        values: s.values,
        errors: s.errors,
        submitting: s.submitting,
        message: s.message,
        onInput: (key, value) => {
          s.values[key] = value;
        },
        onBlur: (key) => {
          // In place: rebuilding the form here would drop the focus that Tab is moving.
          if (!s.values[key]) return;
          const error = validateLead(s.values)[key];
          s.errors = { ...s.errors, [key]: error };
          showFieldError(key, error ? tr[error] : null);
        },
        onSubmit: () => void submit(),
      });
    // The form is below the week: on the first drawing it follows the first frame, like the other days.
    if (!deferRest) return [...summary, week, details()];
    drawLater(() => week.isConnected && week.after(details()));
    return [...summary, week];
  }

  function render() {
    const tr = t();
    const focused = document.activeElement?.id;
    document.documentElement.lang = locale();
    document.title = `${s.type && s.view === "ready" ? s.type.title : tr.pageTitle} · LeadsCalendar`;
    const { view, type } = s;
    const retry = () => void loadType();
    const body = view !== "ready" ? statusView(tr, view, retry) : type ? ready(type) : statusView(tr, "loading", retry);
    const card = pageCard(
      tr,
      locale(),
      (l) => {
        s.chosenLocale = l;
        render();
      },
      body,
    );
    replace(root, card);
    root.hidden = false;
    // Rebuilt elements keep their ids, so the focus goes back where it was (a slot, a picker, the pay button).
    if (focused) document.getElementById(focused)?.focus();
  }

  setPreformatted(opts.embedded?.labels ?? null);
  if (drawn) {
    // The lead already sees the first view: draw it whole, with what they picked on it, once that
    // frame is painted (the ~200 ms of building it at 4x CPU then no longer delay the first slots).
    firstWeek = false;
    if (drawn.locale) s.chosenLocale = pickLocale(drawn.locale);
    if (drawn.zone && isValidTimeZone(drawn.zone)) {
      s.zone = drawn.zone;
      s.week = today();
    }
    await nextPaint();
  } else if (!opts.embedded?.type) {
    // "Loading…" only while the type is fetched: an embedded one is drawn at once, so a throwaway
    // drawing before it would only delay the first slots on a slow phone.
    render();
  }
  await loadType();
  await rest.drawn();
  // The page's first Intl objects (ICU's locale data loads now, after the first slots showed).
  const zoneSelect = document.getElementById("zone");
  if (zoneSelect instanceof HTMLSelectElement) labelZones(zoneSelect, locale());
  const idle = (window as { requestIdleCallback?: (f: () => void, o: { timeout: number }) => void })
    .requestIdleCallback;
  if (idle) idle(addAllZones, { timeout: 2000 });
  else setTimeout(addAllZones, 200);
}
