import { onMessage } from "../messaging";
import { listBookings } from "../storage";

/**
 * Answers the typed messages extension pages send to the background.
 * Returns a function that removes the listeners (tests register them once per case).
 */
export function registerMessageHandlers(): () => void {
  const removers = [onMessage("listBookings", () => listBookings())];
  return () => {
    for (const remove of removers) remove();
  };
}
