import { defineBackground } from "wxt/utils/define-background";
import { registerContextMenu } from "@/utils/background/context-menu";
import { registerMessageHandlers, resumeCreatingBookings } from "@/utils/background/handlers";
import { registerTracker } from "@/utils/background/tracker";

// Thin entry point: listeners are registered synchronously at the top of main() so a
// service worker woken by an event finds them in place.
export default defineBackground(() => {
  registerContextMenu();
  registerTracker();
  registerMessageHandlers();
  // Every start of the worker (browser start, or woken after being killed mid-creation) picks up
  // bookings left in `creating`; every step is idempotent, so resuming is always safe.
  void resumeCreatingBookings();
});
