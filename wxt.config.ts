import { defineConfig } from "wxt";
import { sharedStartChunk } from "./utils/build-chunks";
import { hostPermissions, resolveBuildConfig, toMatchPattern } from "./utils/build-config";

// WXT loads .env / .env.local into process.env before evaluating this file.
export default defineConfig({
  // One shared chunk for what the popup and the options page load at start (utils/build-chunks.ts).
  vite: () => ({ plugins: [sharedStartChunk(["entrypoints/popup/index.html", "entrypoints/options/index.html"])] }),
  modules: ["@wxt-dev/module-react", "@wxt-dev/webextension-polyfill"],
  // Local builds (scripts/local-extension.ts) are production builds in their own folder: a custom
  // --mode would also make React ship its development bundle.
  ...(process.env.LC_OUT_DIR_TEMPLATE ? { outDirTemplate: process.env.LC_OUT_DIR_TEMPLATE } : {}),
  manifest: ({ browser }) => {
    const config = resolveBuildConfig(process.env);
    return {
      name: "LeadsCalendar",
      description: "__MSG_extDescription__",
      default_locale: "en",
      permissions: ["identity", "storage", "alarms", "notifications", "contextMenus"],
      host_permissions: hostPermissions(config),
      // Only the Worker's hosted checkout page may tell the extension a payment landed.
      ...(browser === "firefox" ? {} : { externally_connectable: { matches: [toMatchPattern(config.workerUrl)] } }),
      ...(config.googleChromeClientId && browser !== "firefox"
        ? {
            oauth2: {
              client_id: config.googleChromeClientId,
              scopes: [
                "https://www.googleapis.com/auth/calendar.events",
                "https://www.googleapis.com/auth/calendar.readonly",
                "openid",
                "email",
              ],
            },
          }
        : {}),
      // Local builds only (demo, E2E, benchmarks): a fixed key gives a known extension id.
      ...(process.env.WXT_EXTENSION_KEY ? { key: process.env.WXT_EXTENSION_KEY } : {}),
      action: { default_title: "LeadsCalendar" },
      // Keyboard shortcut for the popup (users can rebind it at chrome://extensions/shortcuts).
      commands: { _execute_action: { suggested_key: { default: "Ctrl+Shift+L", mac: "Command+Shift+L" } } },
      icons: { 16: "icons/16.png", 32: "icons/32.png", 48: "icons/48.png", 128: "icons/128.png" },
    };
  },
});
