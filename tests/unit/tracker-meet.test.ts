import { describe, expect, it, vi } from "vitest";
import { meetPending, pickUpMeetLinks } from "@/utils/background/tracker/meet";
import { pollNeeded } from "@/utils/background/tracker/poll";
import { tentativeEventBody } from "@/utils/booking/event-body";
import { getBooking, putBooking } from "@/utils/booking/repository";
import { fakeServices, HELD_ID, heldBooking, setupBrowser } from "./tracker-fakes";

const ID = HELD_ID;
const NOW = Date.parse("2026-11-20T12:00:00Z");

async function setup() {
  await setupBrowser();
  const f = fakeServices();
  const b = heldBooking({ addMeet: true });
  await putBooking(b);
  // What Google answered the insert: the conference is asked for, not made yet.
  f.c.state.events.set(b.eventId, {
    ...tentativeEventBody(b),
    conferenceData: {
      createRequest: {
        requestId: ID,
        conferenceSolutionKey: { type: "hangoutsMeet" },
        status: { statusCode: "pending" },
      },
    },
  });
  return { ...f, b };
}

describe("a Meet link Google creates later", () => {
  it("is looked for while pending and recorded once Google has made it, then no longer looked for", async () => {
    const f = await setup();
    expect(await pickUpMeetLinks(f.services, NOW)).toBe(0);
    expect((await getBooking(ID))?.meetLink).toBeUndefined();
    const e = f.c.state.events.get(f.b.eventId);
    f.c.state.events.set(f.b.eventId, { ...e, hangoutLink: "https://meet.google.com/abc-defg-hij" });
    expect(await pickUpMeetLinks(f.services, NOW)).toBe(1);
    expect((await getBooking(ID))?.meetLink).toBe("https://meet.google.com/abc-defg-hij");
    vi.mocked(f.c.client.getEvent).mockClear();
    expect(await pickUpMeetLinks(f.services, NOW)).toBe(0);
    expect(f.c.client.getEvent).not.toHaveBeenCalled();
  });

  it("keeps the poll alive for a confirmed booking whose link is still pending", async () => {
    await setupBrowser();
    await putBooking(heldBooking({ addMeet: true, status: "confirmed", createdAt: new Date().toISOString() }));
    expect(await pollNeeded()).toBe(true);
  });

  it.each([
    ["no Meet asked for", { addMeet: false }, false],
    ["the link is known", { addMeet: true, meetLink: "https://meet.google.com/x" }, false],
    ["cancelled", { addMeet: true, status: "cancelled" as const }, false],
    ["asked for a day ago and never made", { addMeet: true, createdAt: "2026-11-19T11:00:00Z" }, false],
    ["awaiting payment, link pending", { addMeet: true }, true],
  ])("pending? %s → %s", (_name, over, expected) => {
    expect(meetPending(heldBooking(over), NOW)).toBe(expected);
  });
});
