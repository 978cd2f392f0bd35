import { type ReactNode, StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { applyDocumentLocale, setLanguageOverride } from "./i18n";
import { getSettings } from "./settings";

/**
 * Shared start-up of extension pages: the chosen language first, then React. `preload` (e.g. the
 * popup's draft) runs alongside, so the first render already has its data: one storage round trip
 * and one render instead of two of each.
 */
export async function bootPage(node: ReactNode, preload?: () => Promise<unknown>): Promise<void> {
  const [{ language }] = await Promise.all([getSettings(), preload?.().catch(() => undefined)]);
  await setLanguageOverride(language).catch(() => setLanguageOverride(null));
  applyDocumentLocale();
  const root = document.getElementById("root");
  if (root) createRoot(root).render(<StrictMode>{node}</StrictMode>);
}
