import { defineBackground } from "wxt/utils/define-background";
import { registerMessageHandlers } from "@/utils/background/handlers";

// Thin entry point: listeners are registered synchronously at the top of main() so a
// service worker woken by an event finds them in place.
export default defineBackground(() => {
  registerMessageHandlers();
});
