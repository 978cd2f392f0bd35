import { type ReactNode, StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { applyDocumentLocale, setLanguageOverride } from "./i18n";
import { getSettings } from "./settings";

/** Shared start-up of extension pages: the chosen language first, then React. */
export async function bootPage(node: ReactNode): Promise<void> {
  const { language } = await getSettings();
  await setLanguageOverride(language).catch(() => setLanguageOverride(null));
  applyDocumentLocale();
  const root = document.getElementById("root");
  if (root) createRoot(root).render(<StrictMode>{node}</StrictMode>);
}
