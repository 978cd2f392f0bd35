import { addMinutesToTime } from "@/utils/booking/zoned-time";
import { currentLanguage, t } from "@/utils/i18n";
import { formatDuration } from "@/utils/intl-format";
import { Field } from "./Field";

const CHOICES = [15, 30, 45, 60, 90, 120];

function minutesBetween(start: string, end: string): number | null {
  const s = /^(\d{2}):(\d{2})$/.exec(start);
  const e = /^(\d{2}):(\d{2})$/.exec(end);
  if (!s || !e) return null;
  return Number(e[1]) * 60 + Number(e[2]) - (Number(s[1]) * 60 + Number(s[2]));
}

/** The "or duration" half of "End (or duration)": picking a length sets the end time. */
export function DurationField(props: { start: string; end: string; onEnd(end: string): void }) {
  const current = minutesBetween(props.start, props.end);
  const value = current !== null && CHOICES.includes(current) ? String(current) : "";
  return (
    <Field id="f-duration" label={t("fieldDuration")}>
      <select
        id="f-duration"
        value={value}
        disabled={!/^\d{2}:\d{2}$/.test(props.start)}
        onChange={(e) => e.target.value && props.onEnd(addMinutesToTime(props.start, Number(e.target.value)))}
      >
        <option value="">{t("durationCustom")}</option>
        {CHOICES.map((m) => (
          <option key={m} value={m}>
            {formatDuration(m, currentLanguage())}
          </option>
        ))}
      </select>
    </Field>
  );
}
