// The options page's editable copy of the booking page configuration: numbers as the text the
// host typed (so a half-typed value is not lost), validated with the Worker's own schema.
import * as v from "valibot";
import {
  type BookingPageSettings,
  type BookingPageView,
  BookingPageSettings as SettingsSchema,
  WEEKDAYS,
  type Weekday,
} from "../api/booking-page";
import type { NoAnswer, Provider } from "../api/contract";
import { isValidTimeZone } from "../booking/zoned-time";
import type { MessageKey } from "../message-key";

/** Numeric fields of a booking type, edited as text. */
export const TYPE_NUMBERS = [
  "durationMinutes",
  "slotStepMinutes",
  "bufferBeforeMinutes",
  "bufferAfterMinutes",
  "minNoticeMinutes",
  "horizonDays",
  "maxPerDay",
  "cancelRefundHours",
] as const;
export type TypeNumber = (typeof TYPE_NUMBERS)[number];

/** One booking type being edited. `key` is a stable identity for the list (the id can change). */
export interface TypeDraft extends Record<TypeNumber, string> {
  key: string;
  id: string;
  title: string;
  description: string;
  providers: Provider[];
  priceValue: string;
  priceCurrency: string;
  /** "Refund the fee if they attend", and the fee's fate when the host does not answer in time. */
  refundIfAttended: boolean;
  noAnswer: NoAnswer;
}

/** The whole form. */
export interface PageDraft {
  timeZone: string;
  weekly: Record<Weekday, [string, string][]>;
  daysOff: string[];
  types: TypeDraft[];
}

/** Field id → i18n key of its problem. Ids: `bp-zone`, `bp-hours-<day>`, `bp-daysoff`, `bp-type-<i>-<field>`. */
export type DraftErrors = Record<string, MessageKey>;

let keys = 0;
const newKey = () => `t${++keys}`;

/** A new type with the Worker's defaults. */
export function newTypeDraft(): TypeDraft {
  return {
    key: newKey(),
    id: "",
    title: "",
    description: "",
    durationMinutes: "30",
    slotStepMinutes: "",
    bufferBeforeMinutes: "0",
    bufferAfterMinutes: "0",
    minNoticeMinutes: "60",
    horizonDays: "30",
    maxPerDay: "",
    cancelRefundHours: "",
    providers: [],
    priceValue: "",
    priceCurrency: "",
    refundIfAttended: false,
    noAnswer: "keep",
  };
}

/** The form for a stored configuration. */
export function draftFromView(view: BookingPageView): PageDraft {
  return {
    timeZone: view.timeZone,
    weekly: Object.fromEntries(WEEKDAYS.map((d) => [d, (view.weekly[d] ?? []).map(([a, b]) => [a, b])])) as Record<
      Weekday,
      [string, string][]
    >,
    daysOff: [...view.daysOff].sort(),
    types: view.types.map((t) => ({
      key: newKey(),
      id: t.id,
      title: t.title,
      description: t.description ?? "",
      durationMinutes: String(t.durationMinutes),
      slotStepMinutes: t.slotStepMinutes === t.durationMinutes ? "" : String(t.slotStepMinutes),
      bufferBeforeMinutes: String(t.bufferBeforeMinutes ?? 0),
      bufferAfterMinutes: String(t.bufferAfterMinutes ?? 0),
      minNoticeMinutes: String(t.minNoticeMinutes ?? 60),
      horizonDays: String(t.horizonDays ?? 30),
      maxPerDay: t.maxPerDay === undefined || t.maxPerDay >= 100 ? "" : String(t.maxPerDay),
      cancelRefundHours: t.cancelRefundHours === undefined ? "" : String(t.cancelRefundHours),
      providers: t.providers ?? [],
      priceValue: t.price?.value ?? "",
      priceCurrency: t.price?.currency ?? "",
      refundIfAttended: t.refundIfAttended ?? false,
      noAnswer: t.noAnswer ?? "keep",
    })),
  };
}

/** "" → left out (the Worker's default); anything else → a number (NaN when not one, so it is rejected). */
const num = (text: string) => (text.trim() === "" ? undefined : /^\d+$/.test(text.trim()) ? Number(text) : Number.NaN);

/** The PUT body of a form (not yet validated). */
export function settingsFromDraft(d: PageDraft): BookingPageSettings {
  return {
    timeZone: d.timeZone.trim(),
    weekly: d.weekly,
    daysOff: d.daysOff,
    types: d.types.map((t) => {
      const numbers = Object.fromEntries(
        TYPE_NUMBERS.map((k) => [k, num(t[k])]).filter(([, value]) => value !== undefined),
      ) as Partial<Record<TypeNumber, number>>;
      return {
        id: t.id.trim(),
        title: t.title.trim(),
        description: t.description,
        durationMinutes: Number.NaN,
        ...numbers,
        ...(t.providers.length > 0 ? { providers: t.providers } : {}),
        ...(t.priceValue.trim() || t.priceCurrency.trim()
          ? { price: { value: t.priceValue.trim(), currency: t.priceCurrency.trim().toUpperCase() } }
          : {}),
        ...(t.refundIfAttended ? { refundIfAttended: true, noAnswer: t.noAnswer } : {}),
      };
    }) as BookingPageSettings["types"],
  };
}

/** The i18n key of a type field's problem. */
const TYPE_ERRORS: Record<string, MessageKey> = {
  id: "bpErrTypeId",
  title: "bpErrTitle",
  description: "bpErrDescription",
  durationMinutes: "bpErrDuration",
  slotStepMinutes: "bpErrDuration",
  bufferBeforeMinutes: "bpErrBuffer",
  bufferAfterMinutes: "bpErrBuffer",
  minNoticeMinutes: "bpErrNotice",
  horizonDays: "bpErrHorizon",
  maxPerDay: "bpErrMaxPerDay",
  cancelRefundHours: "bpErrCancelRefundHours",
  providers: "bpErrProviders",
  price: "bpErrPrice",
};

/** Every problem of the form by field id (empty = the Worker will accept it), checked by the Worker's own schema. */
export function validateDraft(d: PageDraft): DraftErrors {
  const errors: DraftErrors = {};
  const result = v.safeParse(SettingsSchema, settingsFromDraft(d));
  for (const issue of result.success ? [] : result.issues) {
    const path = (issue.path ?? []).map((p) => p.key);
    const [top, a, b] = path;
    let id: string | null = null;
    let key: MessageKey = "bpErrInvalid";
    if (top === "timeZone") [id, key] = ["bp-zone", "errTimeZone"];
    else if (top === "weekly" && typeof a === "string") [id, key] = [`bp-hours-${a}`, "bpErrHours"];
    else if (top === "daysOff") [id, key] = ["bp-daysoff", "bpErrDayOff"];
    else if (top === "types" && typeof a === "number") {
      const field = String(b ?? "id");
      [id, key] = [`bp-type-${a}-${field === "price" ? "priceValue" : field}`, TYPE_ERRORS[field] ?? "bpErrInvalid"];
    } else if (top === "types") id = "bp-types";
    if (id && !errors[id]) errors[id] = key;
  }
  if (!errors["bp-zone"] && !isValidTimeZone(d.timeZone.trim())) errors["bp-zone"] = "errTimeZone";
  // Ids must be unique: the later duplicate is the one to fix.
  const seen = new Set<string>();
  d.types.forEach((t, i) => {
    const id = t.id.trim();
    if (seen.has(id) && !errors[`bp-type-${i}-id`]) errors[`bp-type-${i}-id`] = "bpErrTypeIdTaken";
    seen.add(id);
  });
  if (errors["bp-types"] && Object.keys(errors).some((k) => k.startsWith("bp-type-"))) delete errors["bp-types"];
  return errors;
}
