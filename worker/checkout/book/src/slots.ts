// The free slots fetched so far, by host-day range. A week is fetched together with the next one,
// so paging forward usually shows slots without waiting.
import { bookApi, type Slot, type SlotsResponse } from "./api";
import { addDaysToKey, covers } from "./week";

/** Host days `from`..`to` (inclusive, YYYY-MM-DD). */
export interface DayRange {
  from: string;
  to: string;
}

/** Slot cache of one booking type. */
export function createSlotStore(
  typeId: string,
  fetchSlots: (typeId: string, from: string, to: string) => Promise<SlotsResponse> = bookApi.slots,
) {
  let ranges: DayRange[] = [];
  const byStart = new Map<string, Slot>();
  const add = (range: DayRange, slots: Slot[]) => {
    ranges.push(range);
    for (const s of slots) byStart.set(s.start, s);
  };
  return {
    add,
    /** True when `need` lies inside one range already fetched. */
    has: (need: DayRange) => ranges.some((r) => covers(r, need)),
    /** Fetches `need` (plus the following week) unless it is cached; `fresh` drops every cached slot first. */
    async load(need: DayRange, fresh = false): Promise<void> {
      if (!fresh && ranges.some((r) => covers(r, need))) return;
      const range = { from: need.from, to: addDaysToKey(need.to, 7) };
      const res = await fetchSlots(typeId, range.from, range.to);
      if (fresh) {
        ranges = [];
        byStart.clear();
      }
      add(range, res.slots);
    },
    /** Every cached slot. */
    all: (): Slot[] => [...byStart.values()],
  };
}

export type SlotStore = ReturnType<typeof createSlotStore>;
