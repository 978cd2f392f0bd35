// events.list: time-range, extended-property, text and deleted filters, ordering, opaque page
// tokens and incremental sync tokens (410 fullSyncRequired for tokens we never issued).
import { createHash } from "node:crypto";
import { type ApiError, boundary, parseTime } from "./google-events.ts";
import type { Calendar, GoogleState, StoredEvent } from "./google-state.ts";
import { randomHex } from "./util.ts";

interface PageState {
  offset: number;
  fingerprint: string;
  /** Sequence number when the listing began: the sync token handed out on the last page. */
  seq: number;
}

const bad = (message = "Bad Request", reason = "badRequest"): ApiError => ({ code: 400, reason, message });

function fingerprint(q: URLSearchParams): string {
  const parts = [...q.entries()].filter(([k]) => k !== "pageToken" && k !== "maxResults").sort();
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex").slice(0, 16);
}

function extendedMatch(e: StoredEvent, kind: "private" | "shared", filters: string[]): boolean {
  const props = ((e.data.extendedProperties as Record<string, unknown> | undefined)?.[kind] ?? {}) as Record<
    string,
    unknown
  >;
  return filters.every((f) => {
    const i = f.indexOf("=");
    return i > 0 && props[f.slice(0, i)] === f.slice(i + 1);
  });
}

const startOf = (e: StoredEvent) => {
  const v = boundary(e.data.start, "start");
  return typeof v === "number" ? v : 0;
};
const endOf = (e: StoredEvent) => {
  const v = boundary(e.data.end, "end");
  return typeof v === "number" ? v : 0;
};

/** Runs events.list on `cal`; returns the response body or an ApiError. */
export function listEvents(
  st: GoogleState,
  cal: Calendar,
  q: URLSearchParams,
): { page: Record<string, unknown> } | ApiError {
  const r = listInner(st, cal, q);
  return "reason" in r && "message" in r && typeof r.code === "number"
    ? (r as unknown as ApiError)
    : { page: r as Record<string, unknown> };
}

function listInner(st: GoogleState, cal: Calendar, q: URLSearchParams): Record<string, unknown> | ApiError {
  const maxResults = q.has("maxResults") ? Number(q.get("maxResults")) : 250;
  if (!Number.isInteger(maxResults) || maxResults < 1) return bad("Invalid value for: maxResults", "invalid");
  const limit = Math.min(maxResults, 2500);
  const orderBy = q.get("orderBy");
  if (orderBy !== null && orderBy !== "startTime" && orderBy !== "updated")
    return bad(`Invalid value for: orderBy`, "invalid");
  if (orderBy === "startTime" && q.get("singleEvents") !== "true") {
    return bad("The requested ordering is not available for the particular query.");
  }
  const syncToken = q.get("syncToken");
  const privateProps = q.getAll("privateExtendedProperty");
  const sharedProps = q.getAll("sharedExtendedProperty");
  const forbiddenWithSync = [
    "timeMin",
    "timeMax",
    "orderBy",
    "q",
    "updatedMin",
    "iCalUID",
    "privateExtendedProperty",
    "sharedExtendedProperty",
  ];
  if (syncToken !== null && forbiddenWithSync.some((k) => q.has(k))) {
    return bad("Sync token cannot be used with other query parameters.", "invalid");
  }
  let sinceSeq: number | null = null;
  if (syncToken !== null) {
    const s = st.syncTokens.get(syncToken);
    if (s === undefined)
      return {
        code: 410,
        reason: "fullSyncRequired",
        message: "Sync token is no longer valid, a full sync is required.",
      };
    sinceSeq = s;
  }
  const min = q.has("timeMin") ? parseTime(q.get("timeMin")) : null;
  const max = q.has("timeMax") ? parseTime(q.get("timeMax")) : null;
  if (Number.isNaN(min) || Number.isNaN(max)) return bad();
  if (min !== null && max !== null && max <= min) return bad("The specified time range is empty.", "timeRangeEmpty");
  const updatedMin = q.has("updatedMin") ? parseTime(q.get("updatedMin")) : null;
  if (Number.isNaN(updatedMin)) return bad();

  const fp = fingerprint(q);
  let page: PageState = { offset: 0, fingerprint: fp, seq: st.seq };
  const token = q.get("pageToken");
  if (token) {
    try {
      page = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as PageState;
    } catch {
      return bad("Invalid page token value.", "invalid");
    }
    if (page.fingerprint !== fp || !Number.isInteger(page.offset)) return bad("Invalid page token value.", "invalid");
  }

  // Incremental sync always includes deletions; a full listing only with showDeleted=true.
  const showDeleted = sinceSeq !== null || q.get("showDeleted") === "true";
  const text = q.get("q")?.toLowerCase() ?? null;
  let items = [...cal.events.values()].filter((e) => {
    if (e.seq > page.seq) return false; // written after the listing began: next sync picks it up
    if (sinceSeq !== null && e.seq <= sinceSeq) return false;
    if (!showDeleted && e.data.status === "cancelled") return false;
    if (min !== null && endOf(e) <= min) return false;
    if (max !== null && startOf(e) >= max) return false;
    if (updatedMin !== null && Date.parse(String(e.data.updated)) < updatedMin) return false;
    if (!extendedMatch(e, "private", privateProps) || !extendedMatch(e, "shared", sharedProps)) return false;
    if (text !== null) {
      const hay = [e.data.summary, e.data.description, e.data.location]
        .map((x) => String(x ?? "").toLowerCase())
        .join(" ");
      if (!hay.includes(text)) return false;
    }
    return true;
  });
  if (orderBy === "startTime") items = items.sort((a, b) => startOf(a) - startOf(b));
  if (orderBy === "updated") items = items.sort((a, b) => String(a.data.updated).localeCompare(String(b.data.updated)));

  const slice = items.slice(page.offset, page.offset + limit);
  const body: Record<string, unknown> = {
    kind: "calendar#events",
    etag: `"p${page.seq}"`,
    summary: cal.summary,
    description: "",
    updated: new Date().toISOString(),
    timeZone: q.get("timeZone") ?? cal.timeZone,
    accessRole: "owner",
    defaultReminders: [{ method: "popup", minutes: 10 }],
    items: slice.map((e) => e.data),
  };
  if (page.offset + limit < items.length) {
    body.nextPageToken = Buffer.from(JSON.stringify({ ...page, offset: page.offset + limit })).toString("base64url");
  } else {
    const next = `emu-sync-${randomHex(12)}`;
    st.syncTokens.set(next, page.seq);
    body.nextSyncToken = next;
  }
  return body;
}
