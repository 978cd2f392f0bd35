import { StrictMode } from "react";
import { flushSync } from "react-dom";
import { createRoot } from "react-dom/client";
import { App } from "@/components/App";
import { bootPage } from "@/utils/boot-page";
import { applyDocumentLocale, setLanguageOverride } from "@/utils/i18n";
import { languageHint, setLanguageHint } from "@/utils/language-hint";
import { getSettings } from "@/utils/settings";
import { useDraftStore } from "@/utils/stores/draft-store";
import "@/assets/theme.css";

/**
 * With the browser's own language (the usual case) the popup renders its form in the first frame
 * — no storage round trip first — and fills in the saved draft and settings a moment later. A
 * chosen language needs its catalogue before any text shows, so that path waits as other pages do.
 */
async function boot(): Promise<void> {
  const root = document.getElementById("root");
  if (!root || languageHint() !== "auto") {
    await bootPage(<App />, () => useDraftStore.getState().load());
    setLanguageHint((await getSettings()).language);
    return;
  }
  applyDocumentLocale();
  useDraftStore.getState().prime();
  const react = createRoot(root);
  // Rendered and committed now, inside this script's own evaluation: a scheduled render would
  // wait behind the tasks already queued (storage replies, loader events) for a form it can
  // show at once. The user can type into it the moment this returns.
  flushSync(() =>
    react.render(
      <StrictMode>
        <App />
      </StrictMode>,
    ),
  );
  const [{ language }] = await Promise.all([getSettings(), useDraftStore.getState().load()]);
  setLanguageHint(language);
  if (language === "auto") return;
  // Chosen on the options page since the last start: switch once, now that the catalogue is here.
  await setLanguageOverride(language).catch(() => setLanguageOverride(null));
  applyDocumentLocale();
  react.render(
    <StrictMode>
      <App key={language} />
    </StrictMode>,
  );
}

void boot();
