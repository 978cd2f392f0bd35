import { onMessage } from "../../messaging";
import { defaultServices, type ServicesGetter } from "../services";
import { registerExternalMessages } from "./external-message";
import { logged } from "./listen";
import { registerAlarms } from "./on-alarm";
import { registerStorageWatch } from "./on-bookings-change";
import { registerNotifications } from "./on-notification";
import { registerOnline } from "./poll";
import { pendingActions } from "./queue";
import { checkAlarmsOnWake, registerStartup } from "./startup";

export { onAlarm } from "./on-alarm";
export { onBookingsChanged } from "./on-bookings-change";

/**
 * Registers the whole background tracker synchronously — call at the top of the background's
 * `main()` so a worker woken by an alarm, a notification click or the checkout page's message
 * finds its listener. Each trigger's module owns its listener; all state lives in storage. Also
 * re-checks the alarms on every wake. Returns a function removing every listener.
 */
export function registerTracker(services: ServicesGetter = defaultServices): () => void {
  const removers = [
    registerAlarms(services),
    registerNotifications(services),
    registerExternalMessages(services),
    registerStartup(services),
    registerStorageWatch(),
    registerOnline(services),
    onMessage("getPendingActions", () => pendingActions()),
  ];
  void logged("wake alarm check", checkAlarmsOnWake());
  return () => {
    for (const remove of removers) remove();
  };
}
