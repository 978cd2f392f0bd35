import { useEffect, useMemo, useState } from "react";
import { allTimeZones } from "@/utils/booking/zoned-time";
import { t } from "@/utils/i18n";
import { Field, invalidProps } from "./Field";

/** A type-to-search zone picker: a text input with the browser's zones as suggestions. */
export function TimeZoneField(props: { value: string; error?: string; onChange(zone: string): void }) {
  // ~400 suggestions cost more to build than the rest of the form: they are added just after the
  // form first shows (or at once on focus), so the popup is usable sooner.
  const [suggest, setSuggest] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setSuggest(true), 50);
    return () => clearTimeout(timer);
  }, []);
  const zones = useMemo(() => (suggest ? allTimeZones() : []), [suggest]);
  return (
    <Field id="f-zone" label={t("fieldTimeZone")} error={props.error}>
      <input
        id="f-zone"
        list="f-zone-list"
        autoComplete="off"
        spellCheck={false}
        value={props.value}
        onFocus={() => setSuggest(true)}
        onChange={(e) => props.onChange(e.target.value)}
        {...invalidProps("f-zone", props.error)}
      />
      <datalist id="f-zone-list">
        {zones.map((z) => (
          <option key={z} value={z} />
        ))}
      </datalist>
    </Field>
  );
}
