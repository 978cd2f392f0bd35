// The Worker draws the booking page's first view in the zone of the lead's IP address (see
// first-drawing.ts). A small classic script right after that drawing checks it against the device's
// zone before it shows, and keeps what the lead picks until the page's module takes over.

/**
 * The device's zone. Temporal names it without Intl, whose first object loads ICU's locale data
 * (see format.ts); browsers without Temporal pay that here.
 */
export function deviceZone(): string {
  const temporal = (globalThis as { Temporal?: { Now: { timeZoneId(): string } } }).Temporal;
  return temporal ? temporal.Now.timeZoneId() : Intl.DateTimeFormat().resolvedOptions().timeZone;
}

const SLOT = "button.slot";

/**
 * The classic script's job: shows the Worker's drawing when it is in the device's `zone` (pressing a
 * slot then marks it, for the module to adopt), else empties it, so no time in another zone shows.
 */
export function checkFirstDrawing(root: HTMLElement, zone: string): void {
  if (root.dataset.zone && root.dataset.zone !== zone) {
    root.replaceChildren();
    delete root.dataset.zone;
  }
  // On the drawing's card: the module's first drawing replaces it, and with it this listener.
  root.firstElementChild?.addEventListener("click", (e) => {
    const slot = e.target instanceof Element ? e.target.closest(SLOT) : null;
    if (!slot) return;
    for (const b of root.querySelectorAll(`${SLOT}[aria-pressed="true"]`)) b.setAttribute("aria-pressed", "false");
    slot.setAttribute("aria-pressed", "true");
  });
  root.hidden = false;
}

/** What the lead did on the Worker's drawing before the module ran: the slot, language and zone chosen. */
export interface FirstDrawingState {
  /** The DOM id of the slot pressed (grid.ts `slotId`), or null. */
  chosen: string | null;
  /** The language and zone picked there, when the lead changed them (else null). */
  locale: string | null;
  zone: string | null;
}

/** The Worker's drawing's state when `root` holds one in `zone` (the module then adopts it), else null. */
export function readFirstDrawing(root: HTMLElement, zone: string): FirstDrawingState | null {
  if (root.dataset.zone !== zone || !root.firstElementChild) return null;
  const changed = (id: string, drawn: string | undefined) => {
    const value = root.querySelector<HTMLSelectElement>(`#${id}`)?.value;
    return value && value !== drawn ? value : null;
  };
  return {
    chosen: root.querySelector(`${SLOT}[aria-pressed="true"]`)?.id ?? null,
    locale: changed("lang", root.dataset.lang),
    zone: changed("zone", root.dataset.zone),
  };
}
