import { useCallback, useEffect, useId, useState } from "react";
import type { ManageView } from "../../../../utils/api/manage";
import { formatWhen, viewerZone } from "../format";
import { dayIn, manageApi } from "./api";
import { errorText, type ManageNotice } from "./ManageApp";
import { fill, type ManageStrings } from "./strings";

/** Host days of free slots offered: the next two weeks, as on the booking page's first screen. */
const DAYS = 14;

const addDays = (day: string, n: number) => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

/**
 * Reschedule: for a booking-page booking, the free slots of its type (grouped by the lead's day);
 * for an extension booking, a new start of the same length. One POST moves it.
 */
export function Reschedule(props: {
  token: string;
  view: ManageView;
  locale: string;
  t: ManageStrings;
  onDone(v: ManageView): void;
  onNotice(n: ManageNotice | null): void;
}) {
  const { view, locale, t, token } = props;
  const id = useId();
  const zone = view.leadTimeZone ?? viewerZone();
  const [slots, setSlots] = useState<string[] | null>(null);
  const [pick, setPick] = useState("");
  const [busy, setBusy] = useState(false);
  const page = view.kind === "page";

  const load = useCallback(() => {
    if (!page) return;
    setSlots(null);
    const from = dayIn(Date.now(), view.hostTimeZone);
    manageApi
      .slots(token, from, addDays(from, DAYS - 1))
      .then((res) => setSlots(res.slots.map((s) => s.start)))
      .catch(() => setSlots([]));
  }, [page, token, view.hostTimeZone]);
  useEffect(load, [load]);

  const move = async () => {
    // A datetime-local value is the lead's wall time; Date reads it in the browser's zone.
    const start = page ? pick : new Date(pick).toISOString();
    if (!pick || Number.isNaN(Date.parse(start))) return;
    setBusy(true);
    props.onNotice(null);
    try {
      const res = await manageApi.reschedule(token, start);
      props.onDone(res.view);
      const when = `${formatWhen(res.view.start, locale, zone)} (${zone})`;
      props.onNotice({
        tone: "success",
        text: res.alreadyThere ? t.alreadyThere : fill(page ? t.moved : t.movedExtension, when),
      });
      setPick("");
    } catch (err) {
      props.onNotice({ tone: "error", text: errorText(err, t) });
      load(); // the pick may be gone: offer what is free now
    } finally {
      setBusy(false);
    }
  };

  // Slots grouped by the lead's day, in time order.
  const groups = new Map<string, string[]>();
  for (const s of slots ?? []) {
    const day = new Intl.DateTimeFormat(locale, { dateStyle: "full", timeZone: zone }).format(new Date(s));
    groups.set(day, [...(groups.get(day) ?? []), s]);
  }
  const time = new Intl.DateTimeFormat(locale, { timeStyle: "short", timeZone: zone });

  return (
    <section aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t.rescheduleTitle}</h2>
      {page && slots === null && <p aria-live="polite">{t.loadingSlots}</p>}
      {page && slots?.length === 0 && <p>{t.noSlots}</p>}
      {page && slots && slots.length > 0 && (
        <label className="field-label" htmlFor={`${id}-slot`}>
          {t.newTime}
          <select id={`${id}-slot`} value={pick} onChange={(e) => setPick(e.target.value)}>
            <option value="">—</option>
            {[...groups].map(([day, starts]) => (
              <optgroup key={day} label={day}>
                {starts.map((s) => (
                  <option key={s} value={s}>
                    {`${day}, ${time.format(new Date(s))}`}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </label>
      )}
      {!page && (
        <label className="field-label" htmlFor={`${id}-free`}>
          {t.newTimeFree}
          <input id={`${id}-free`} type="datetime-local" value={pick} onChange={(e) => setPick(e.target.value)} />
        </label>
      )}{" "}
      {(!page || (slots && slots.length > 0)) && (
        <button type="button" onClick={() => void move()} disabled={busy || !pick}>
          {busy ? t.working : t.rescheduleDo}
        </button>
      )}
    </section>
  );
}
