import { defineBackground } from "wxt/utils/define-background";
import { registerMessageHandlers, resumeCreatingBookings } from "@/utils/background/handlers";

// Thin entry point: listeners are registered synchronously at the top of main() so a
// service worker woken by an event finds them in place.
export default defineBackground(() => {
  registerMessageHandlers();
  // Every start of the worker (browser start, or woken after being killed mid-creation) picks up
  // bookings left in `creating`; every step is idempotent, so resuming is always safe.
  void resumeCreatingBookings();
});
