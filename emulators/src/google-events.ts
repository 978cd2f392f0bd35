// Pure helpers for Calendar events: validation, the JSON-patch-like merge Google applies on PATCH,
// Meet links, time ranges and list filtering.
import { randomFrom } from "./util.ts";

/** An API error from validation: status, reason and message for googleErrorBody. */
export interface ApiError {
  code: number;
  reason: string;
  message: string;
}
const bad = (message: string, reason = "invalid"): ApiError => ({ code: 400, reason, message });

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i;
const LOCAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Client-chosen ids: base32hex (a-v, 0-9), 5–1024 characters. */
export const VALID_ID = /^[a-v0-9]{5,1024}$/;
export const newEventId = (): string => randomFrom("abcdefghijklmnopqrstuv0123456789", 26);

/** Parses an RFC 3339 timestamp with offset; NaN when invalid. */
export function parseTime(s: unknown): number {
  return typeof s === "string" && RFC3339.test(s) ? Date.parse(s) : Number.NaN;
}

function offsetOf(tz: string, ms: number): number {
  // Offset (ms) of an IANA zone at an instant, via Intl — enough for local times with timeZone.
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: tz,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(new Date(ms));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** Instant (ms) of an event boundary `{dateTime, timeZone}` or `{date}`; an ApiError if invalid. */
export function boundary(b: unknown, which: "start" | "end"): number | ApiError {
  if (typeof b !== "object" || b === null) return bad(`Missing ${which} time.`, "required");
  const o = b as Record<string, unknown>;
  if (typeof o.date === "string") {
    if (!DATE.test(o.date) || Number.isNaN(Date.parse(o.date))) return bad(`Invalid ${which} time.`);
    return Date.parse(`${o.date}T00:00:00Z`);
  }
  if (typeof o.dateTime !== "string") return bad(`Missing ${which} time.`, "required");
  if (RFC3339.test(o.dateTime)) return Date.parse(o.dateTime);
  if (!LOCAL.test(o.dateTime)) return bad(`Invalid ${which} time.`);
  if (typeof o.timeZone !== "string") return bad(`Missing time zone definition for ${which} time.`, "required");
  try {
    const naive = Date.parse(`${o.dateTime}Z`);
    return naive - offsetOf(o.timeZone, naive);
  } catch {
    return bad(`Invalid time zone definition for ${which} time.`);
  }
}

/** Validates a full event resource; returns its [start, end] instants. */
export function validateEvent(e: Record<string, unknown>): [number, number] | ApiError {
  const start = boundary(e.start, "start");
  if (typeof start !== "number") return start;
  const end = boundary(e.end, "end");
  if (typeof end !== "number") return end;
  if (end < start) return bad("The specified time range is empty.", "timeRangeEmpty");
  if (e.status !== undefined && !["confirmed", "tentative", "cancelled"].includes(String(e.status))) {
    return bad("Invalid value for: status");
  }
  if (e.colorId !== undefined && !/^([1-9]|1[01])$/.test(String(e.colorId))) return bad("Invalid color value.");
  if (e.attendees !== undefined) {
    if (!Array.isArray(e.attendees)) return bad("Invalid attendees.");
    for (const a of e.attendees) {
      if (typeof a !== "object" || a === null || typeof (a as { email?: unknown }).email !== "string") {
        return bad("Missing attendee email.", "required");
      }
    }
  }
  const rem = e.reminders as { overrides?: unknown } | undefined;
  if (rem && Array.isArray(rem.overrides)) {
    if (rem.overrides.length > 5) return bad("Too many reminders.", "cannotHaveMoreThanFiveReminders");
    for (const o of rem.overrides as { method?: unknown; minutes?: unknown }[]) {
      if (o?.method !== "email" && o?.method !== "popup") return bad("Invalid reminder method.");
      if (typeof o.minutes !== "number" || !Number.isInteger(o.minutes) || o.minutes < 0 || o.minutes > 40320)
        return bad("Invalid reminder minutes.");
    }
  }
  return [start, end];
}

/** Google PATCH semantics: objects merge recursively, arrays and scalars replace, null removes. */
export function merge(target: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...target };
  for (const [k, v] of Object.entries(patch)) {
    const cur = out[k];
    if (v === null) delete out[k];
    else if (
      typeof v === "object" &&
      !Array.isArray(v) &&
      typeof cur === "object" &&
      cur !== null &&
      !Array.isArray(cur)
    ) {
      out[k] = merge(cur as Record<string, unknown>, v as Record<string, unknown>);
    } else out[k] = v;
  }
  return out;
}

/**
 * Turns a conferenceData.createRequest into a Meet conference (conferenceDataVersion=1). With
 * `pending`, Google has accepted the request but not made the conference yet: status "pending",
 * no link (see {@link completeConference}). Returns "pending" when it left one pending.
 */
export function createConference(e: Record<string, unknown>, pending = false): ApiError | "pending" | null {
  const cd = e.conferenceData as { createRequest?: Record<string, unknown>; entryPoints?: unknown } | undefined;
  const req = cd?.createRequest;
  if (!req || cd?.entryPoints) return null;
  const status = (req.status as { statusCode?: string } | undefined)?.statusCode;
  if (status === "pending" || status === "success") return null; // already requested: patches keep it
  const key = req.conferenceSolutionKey as { type?: string } | undefined;
  if (key?.type !== undefined && key.type !== "hangoutsMeet") return bad("Invalid conference type value.");
  if (typeof req.requestId !== "string" || req.requestId === "")
    return bad("Missing conference request id.", "required");
  if (pending) {
    e.conferenceData = {
      createRequest: {
        requestId: req.requestId,
        conferenceSolutionKey: { type: "hangoutsMeet" },
        status: { statusCode: "pending" },
      },
    };
    delete e.hangoutLink;
    return "pending";
  }
  completeConference(e, req.requestId);
  return null;
}

/** Makes the Meet conference of a request: the link, entry points and status "success". */
export function completeConference(e: Record<string, unknown>, requestId: string): void {
  const code = `${randomFrom("abcdefghijklmnopqrstuvwxyz", 3)}-${randomFrom("abcdefghijklmnopqrstuvwxyz", 4)}-${randomFrom("abcdefghijklmnopqrstuvwxyz", 3)}`;
  const uri = `https://meet.google.com/${code}`;
  e.hangoutLink = uri;
  e.conferenceData = {
    createRequest: {
      requestId,
      conferenceSolutionKey: { type: "hangoutsMeet" },
      status: { statusCode: "success" },
    },
    entryPoints: [{ entryPointType: "video", uri, label: uri.replace("https://", "") }],
    conferenceSolution: { key: { type: "hangoutsMeet" }, name: "Google Meet", iconUri: "" },
    conferenceId: code,
  };
}

/** Busy intervals of `events` clipped to [min, max] and merged. */
export function busyIntervals(spans: [number, number][], min: number, max: number): { start: string; end: string }[] {
  const clipped = spans
    .filter(([s, e]) => e > min && s < max)
    .map(([s, e]) => [Math.max(s, min), Math.min(e, max)] as [number, number])
    .sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const span of clipped) {
    const last = merged.at(-1);
    if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
    else merged.push([...span]);
  }
  const z = (ms: number) => new Date(ms).toISOString().replace(/\.000Z$/, "Z");
  return merged.map(([s, e]) => ({ start: z(s), end: z(e) }));
}

/** Attendees get Google's default responseStatus. */
export function normalizeAttendees(e: Record<string, unknown>): void {
  if (Array.isArray(e.attendees)) {
    e.attendees = (e.attendees as Record<string, unknown>[]).map((a) => ({ responseStatus: "needsAction", ...a }));
  }
}
