// The booking page's calls to its own Worker (same origin): the public booking API.
import type {
  PublicBookingType,
  ReservationRequest,
  ReservationResponse,
  SlotsResponse,
} from "../../../../utils/api/booking-page";

import type { Preformatted } from "./format";

export type { PublicBookingType, SlotsResponse };
/** One free slot; RFC 3339 times in the host's offset. */
export type Slot = SlotsResponse["slots"][number];

/**
 * What the Worker embeds in the page for its first paint (type and the first slots, so no API round
 * trip is needed before slots show): `status` is the type lookup's HTTP status, `slots` covers
 * host days `from`..`to`.
 */
export interface EmbeddedData {
  status: number;
  type: PublicBookingType | null;
  slots: (SlotsResponse & { from: string; to: string }) | null;
  /** The first drawing's labels, formatted by the Worker in the language it picked (absent: none). */
  labels?: Preformatted | null;
}

/** A Worker error with its status, code and plain-words message. */
export class BookApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function call<T>(path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/v1/book/${path}`, {
      method: body === undefined ? "GET" : "POST",
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new BookApiError(0, "network", e instanceof Error ? e.message : String(e));
  }
  const json = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
  if (!res.ok) throw new BookApiError(res.status, json?.error?.code ?? "error", json?.error?.message ?? "");
  return json as T;
}

const id = (typeId: string) => encodeURIComponent(typeId);

export const bookApi = {
  type: (typeId: string) => call<PublicBookingType>(id(typeId)),
  /** Free slots of host-local days `from`..`to` (YYYY-MM-DD, at most 62 days). */
  slots: (typeId: string, from: string, to: string) => call<SlotsResponse>(`${id(typeId)}/slots?from=${from}&to=${to}`),
  /** 409 `slot_taken` when the start is no longer free. */
  reserve: (typeId: string, req: ReservationRequest) => call<ReservationResponse>(`${id(typeId)}/reservations`, req),
};

/** The type id from `/book/<id>`, or null. */
export function typeIdFromPath(pathname: string): string | null {
  const m = pathname.match(/^\/book\/([A-Za-z0-9_-]{1,64})\/?$/);
  return m?.[1] ?? null;
}

/** The page's embedded data, or null when the Worker sent none (or it is unreadable). */
export function readEmbedded(doc: Document): EmbeddedData | null {
  const text = doc.getElementById("lc-data")?.textContent ?? "";
  try {
    const data = JSON.parse(text) as EmbeddedData | null;
    return data && typeof data.status === "number" ? data : null;
  } catch {
    return null;
  }
}
