import { LOCALES, type Locale } from "./i18n";

/** The page's language switch (checkout and manage pages), labelled in the current language. */
export function LanguageSelect(props: { locale: Locale; label: string; onChange(l: Locale): void }) {
  return (
    <div className="lang no-print">
      <label>
        {props.label}{" "}
        <select value={props.locale} onChange={(e) => props.onChange(e.target.value as Locale)}>
          {LOCALES.map((l) => (
            <option key={l} value={l}>
              {l === "en" ? "English" : l === "es" ? "Español" : "Português (Brasil)"}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
