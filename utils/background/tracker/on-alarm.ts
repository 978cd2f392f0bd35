import { browser } from "wxt/browser";
import { getBooking } from "../../booking/repository";
import { creatingHere, resumeCreation } from "../creation";
import type { ServicesGetter } from "../services";
import { parseAlarm } from "./alarms";
import { askAttendance } from "./attendance";
import { expireBooking } from "./expiry";
import { listen, logged } from "./listen";
import { POLL_ALARM, pollTick } from "./poll";
import { orQueue } from "./queue";
import { remindBooking } from "./reminders";

/** Fires an alarm: the poll, a booking's expiry, one of its reminders, a stalled creation, or "did they attend?". */
export async function onAlarm(name: string, services: ServicesGetter): Promise<void> {
  if (name === POLL_ALARM) return pollTick(services());
  const alarm = parseAlarm(name);
  if (!alarm) return;
  const s = services();
  if (alarm.kind === "remind") {
    await remindBooking(alarm.bookingId, s);
    return;
  }
  if (alarm.kind === "attend") {
    await askAttendance(alarm.bookingId);
    return;
  }
  if (alarm.kind === "resume") {
    if (!creatingHere(alarm.bookingId)) await resumeCreation(alarm.bookingId, s);
    return;
  }
  const b = await getBooking(alarm.bookingId);
  if (b?.status === "awaiting_payment") await orQueue("expire", b, () => expireBooking(b.id, s));
}

/** The alarm trigger: `alarms.onAlarm`. Returns the removal. */
export function registerAlarms(services: ServicesGetter): () => void {
  return listen(browser.alarms.onAlarm, (a: { name: string }) => logged(`alarm ${a.name}`, onAlarm(a.name, services)));
}
