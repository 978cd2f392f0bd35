import { useEffect, useState } from "react";
import type { Draft } from "@/utils/booking/draft";
import { isValidTimeZone, zonedToInstant } from "@/utils/booking/zoned-time";
import { currentLanguage, t } from "@/utils/i18n";
import { formatTime } from "@/utils/intl-format";
import { send } from "@/utils/stores/send";

type Hint = { kind: "free" } | { kind: "busy"; from: string; to: string } | null;

/** Says whether the chosen slot is free in the chosen calendar (quietly nothing when unknown). */
export function FreeBusyHint({ draft, signedIn }: { draft: Draft; signedIn: boolean }) {
  const [hint, setHint] = useState<Hint>(null);
  const { date, start, end, timeZone, calendarId } = draft;
  useEffect(() => {
    setHint(null);
    if (!signedIn || !isValidTimeZone(timeZone)) return;
    const from = zonedToInstant(date, start, timeZone);
    const to = zonedToInstant(date, end, timeZone);
    if (!(to > from)) return;
    let live = true;
    // Debounced so typing a time does not fire a request per keystroke.
    const timer = setTimeout(async () => {
      const r = await send("freeBusy", {
        calendarId,
        timeMin: new Date(from).toISOString(),
        timeMax: new Date(to).toISOString(),
      }).catch(() => null);
      if (!live || !r?.ok) return;
      const busy = r.value[0];
      const lang = currentLanguage();
      setHint(
        busy
          ? { kind: "busy", from: formatTime(busy.start, timeZone, lang), to: formatTime(busy.end, timeZone, lang) }
          : { kind: "free" },
      );
    }, 400);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [date, start, end, timeZone, calendarId, signedIn]);
  if (!hint) return null;
  return (
    <p className={hint.kind === "free" ? "hint ok" : "hint warn"} aria-live="polite">
      {hint.kind === "free" ? t("slotFree") : t("slotBusy", [hint.from, hint.to])}
    </p>
  );
}
