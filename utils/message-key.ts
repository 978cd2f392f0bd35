// Type only: the catalogue stays out of every bundle. Its own module, free of `wxt/browser`, so
// Node-side code (E2E specs, scripts) can use the types that mention it.
import type en from "../public/_locales/en/messages.json";

/**
 * A key of the English catalogue (`public/_locales/en/messages.json`), the source of truth for
 * every language: a typo or a key that was never added fails the typecheck.
 */
export type MessageKey = keyof typeof en;
