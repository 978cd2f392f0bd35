// The shapes of Google's answers the Worker relies on, checked at the boundary (providers/http.ts
// fetchJson); everything else in a response is ignored.
import * as v from "valibot";

export const TokenResponse = v.looseObject({
  access_token: v.string(),
  expires_in: v.number(),
  refresh_token: v.optional(v.string()),
  scope: v.optional(v.string()),
});

export const Userinfo = v.looseObject({
  sub: v.optional(v.string()),
  email: v.optional(v.string()),
  email_verified: v.optional(v.union([v.boolean(), v.string()])),
  name: v.optional(v.string()),
});

const Span = v.looseObject({ start: v.string(), end: v.string() });
export const FreeBusy = v.looseObject({
  calendars: v.optional(
    v.record(v.string(), v.looseObject({ busy: v.optional(v.array(Span)), errors: v.optional(v.array(v.unknown())) })),
  ),
});

const Boundary = v.optional(
  v.looseObject({ dateTime: v.optional(v.string()), date: v.optional(v.string()), timeZone: v.optional(v.string()) }),
);
export const CalendarEvent = v.looseObject({
  id: v.optional(v.string()),
  status: v.optional(v.string()),
  htmlLink: v.optional(v.string()),
  hangoutLink: v.optional(v.string()),
  transparency: v.optional(v.string()),
  start: Boundary,
  end: Boundary,
  conferenceData: v.optional(
    v.looseObject({
      createRequest: v.optional(
        v.looseObject({ status: v.optional(v.looseObject({ statusCode: v.optional(v.string()) })) }),
      ),
      entryPoints: v.optional(
        v.array(v.looseObject({ entryPointType: v.optional(v.string()), uri: v.optional(v.string()) })),
      ),
    }),
  ),
});
export type CalendarEvent = v.InferOutput<typeof CalendarEvent>;

export const EventList = v.looseObject({ items: v.optional(v.array(CalendarEvent)) });
