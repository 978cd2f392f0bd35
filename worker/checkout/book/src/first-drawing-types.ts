// The shape of the Worker's first drawing of the booking page, without DOM types: the Worker's
// TypeScript has no DOM library, so it sees the drawing through this (see worker/src/first-drawing.d.ts).
import type { PublicBookingType, SlotsResponse } from "../../../../utils/api/booking-page";
import type { Preformatted } from "./format";

/** What the Worker knows when the page is requested. */
export interface FirstDrawingInput {
  type: PublicBookingType;
  /** Free slots covering at least the lead's first week. */
  slots: SlotsResponse["slots"];
  /** The labels embedded with the page (their language is the drawing's). */
  labels: Preformatted;
  /** The lead's zone as the Worker guesses it (Cloudflare's `request.cf.timezone`). */
  zone: string;
  now: number;
}

/** The markup inside `<main id="root">`: the type, the zone picker and the lead's first week. */
export type RenderFirstDrawing = (input: FirstDrawingInput) => string;
