import { describeError } from "../../booking/errors";
import { withLock } from "../../lock";
import { problemsItem } from "./items";
import { notificationId, notify } from "./notify";
import { userText } from "./user-text";

/** The same problem for the same booking is shown again only after this long. */
export const PROBLEM_REPEAT_MS = 6 * 3_600_000;
const FORGET_MS = 7 * 86_400_000;

/**
 * Shows a failure that retrying will not fix by itself (signed out, no access to the calendar…)
 * as one notification telling the user what to do. The poll keeps retrying in the background, so
 * the same problem is not shown again for {@link PROBLEM_REPEAT_MS}. Returns true when shown.
 */
export async function reportProblem(bookingId: string, summary: string, e: unknown, nowMs = Date.now()) {
  const code = describeError(e).code;
  // One storage value for every booking: its read-modify-write holds the key, like the queue's.
  const fresh = await withLock("tracker-problems", async () => {
    const all = await problemsItem.getValue();
    const last = all[bookingId];
    if (last && last.code === code && nowMs - Date.parse(last.at) < PROBLEM_REPEAT_MS) return false;
    const kept = Object.fromEntries(Object.entries(all).filter(([, p]) => nowMs - Date.parse(p.at) < FORGET_MS));
    await problemsItem.setValue({ ...kept, [bookingId]: { code, at: new Date(nowMs).toISOString() } });
    return true;
  });
  if (!fresh) return false;
  const { t } = await userText();
  await notify(notificationId("problem", bookingId), t("notifProblemTitle", summary), t(code));
  return true;
}
