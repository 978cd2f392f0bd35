// The lead's refund window (docs/architecture.md "The lead's manage page"): a full refund when the
// booking is cancelled at least N hours before its start, none after; moving it is allowed until
// the same moment. N counts elapsed hours, so a DST change in between neither adds nor removes an
// hour: the page states the deadline as an exact time in the lead's zone.

const HOUR = 3_600_000;

/** The last instant (ms) at which a cancel still refunds: `hours` elapsed hours before the start. */
export function refundDeadline(startMs: number, hours: number): number {
  return startMs - hours * HOUR;
}

/** Does a cancel at `nowMs` refund the fee? True up to and including the deadline itself. */
export function refundApplies(startMs: number, hours: number, nowMs: number): boolean {
  return nowMs <= refundDeadline(startMs, hours);
}

/** The refund window of a booking: the booking type's own hours when it sets them, else the Worker's. */
export function refundHours(workerHours: number, typeHours: number | undefined): number {
  return typeHours ?? workerHours;
}
