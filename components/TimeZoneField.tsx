import { type KeyboardEvent, useMemo, useState } from "react";
import { allTimeZones, isValidTimeZone } from "@/utils/booking/zoned-time";
import { currentLanguage, type MessageKey, t } from "@/utils/i18n";
import { zoneAbbreviation } from "@/utils/intl-format";
import { abbreviationZone } from "@/utils/parse-booking-time/text-zones";
import { searchTimeZones, zoneCity } from "@/utils/time-zones";
import { Field, invalidProps } from "./Field";

/**
 * True while the text is not yet the zone it names: not a zone at all, or a legacy zone that is
 * really an abbreviation ("EST" is a fixed −05:00 zone; people mean New York's clock).
 */
function unresolved(text: string): boolean {
  return !isValidTimeZone(text) || (abbreviationZone(text) ?? text) !== text;
}

let zones: string[] | null = null;
// ~400 names: built on the first search, not when the popup opens.
const knownZones = () => {
  zones ??= allTimeZones();
  return zones;
};

/**
 * A zone picker that finds zones by what people type — "New York", "EST", "são paulo" — as an
 * ARIA combobox: arrows move through the matches, Enter picks, Escape closes. Leaving the field
 * with text that names exactly one place (or abbreviation) picks that zone.
 */
export function TimeZoneField(props: { value: string; error?: MessageKey; onChange(zone: string): void }) {
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const typed = props.value;
  const matches = useMemo(
    () => (open && unresolved(typed) ? searchTimeZones(typed, knownZones(), abbreviationZone) : []),
    [open, typed],
  );
  const lang = currentLanguage();
  const shown = open && matches.length > 0;

  function pick(zone: string) {
    props.onChange(zone);
    setOpen(false);
  }
  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      setOpen(true);
      const step = e.key === "ArrowDown" ? 1 : -1;
      setActive((i) => (matches.length ? (i + step + matches.length) % matches.length : 0));
    } else if (e.key === "Enter" && shown) {
      e.preventDefault(); // picking a zone must not submit the form
      const m = matches[active];
      if (m) pick(m.zone);
    } else if (e.key === "Escape" && shown) {
      e.preventDefault();
      setOpen(false);
    }
  }
  function onBlur() {
    setOpen(false);
    if (!unresolved(typed)) return;
    const found = searchTimeZones(typed, knownZones(), abbreviationZone, 2);
    if (found[0]?.exact && !found[1]?.exact) props.onChange(found[0].zone);
  }

  return (
    <Field id="f-zone" label={t("fieldTimeZone")} error={props.error}>
      <div className="combobox">
        <input
          id="f-zone"
          role="combobox"
          aria-expanded={shown}
          aria-controls="f-zone-list"
          aria-autocomplete="list"
          aria-activedescendant={shown ? `f-zone-opt-${active}` : undefined}
          autoComplete="off"
          spellCheck={false}
          value={typed}
          onChange={(e) => {
            props.onChange(e.target.value);
            setOpen(true);
            setActive(0);
          }}
          onKeyDown={onKeyDown}
          onBlur={onBlur}
          {...invalidProps("f-zone", props.error)}
        />
        <div id="f-zone-list" role="listbox" aria-label={t("zoneMatches")} hidden={!shown}>
          {shown &&
            matches.map((m, i) => (
              // Options take no focus: the input keeps it and points at one (aria-activedescendant).
              <div
                key={m.zone}
                id={`f-zone-opt-${i}`}
                role="option"
                aria-selected={i === active}
                tabIndex={-1}
                className={i === active ? "active" : undefined}
                onMouseDown={(e) => {
                  e.preventDefault(); // keep focus in the input
                  pick(m.zone);
                }}
              >
                {zoneCity(m.zone)}{" "}
                <span className="muted">
                  {m.zone} · {zoneAbbreviation(Date.now(), m.zone, lang)}
                </span>
              </div>
            ))}
        </div>
      </div>
    </Field>
  );
}
