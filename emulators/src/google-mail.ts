// The emails Google Calendar sends to attendees when a write carries `sendUpdates`: the emulator
// records them (GET /__emulator/state → google.mail) instead of sending anything.
import type { GoogleState } from "./google-state.ts";
import type { Ctx } from "./types.ts";

const domainOf = (email: string) => email.split("@")[1]?.toLowerCase() ?? "";

/**
 * Records the emails of one write: `all` mails every attendee but the organizer, `externalOnly`
 * only attendees outside the organizer's domain, `none` (and no parameter, Google's default) none.
 */
export function recordMail(
  ctx: Ctx,
  st: GoogleState,
  calendarId: string,
  event: Record<string, unknown>,
  sendUpdates: string | undefined,
  kind: "invitation" | "update" | "cancellation",
): void {
  if (sendUpdates !== "all" && sendUpdates !== "externalOnly") return;
  const organizer = String((event.organizer as { email?: string } | undefined)?.email ?? "");
  const attendees = Array.isArray(event.attendees) ? (event.attendees as { email?: string }[]) : [];
  for (const a of attendees) {
    const to = String(a.email ?? "");
    if (!to || to.toLowerCase() === organizer.toLowerCase()) continue;
    if (sendUpdates === "externalOnly" && domainOf(to) === domainOf(organizer)) continue;
    st.mail.push({
      to,
      from: organizer,
      eventId: String(event.id),
      calendarId,
      kind,
      sendUpdates,
      at: new Date(ctx.clock.now()).toISOString(),
    });
  }
}
