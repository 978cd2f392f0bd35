/** The subset of Google Calendar v3 resources LeadsCalendar reads and writes (docs/providers.md). */

export interface EventDateTime {
  dateTime?: string;
  date?: string;
  timeZone?: string;
}

export interface CalendarEvent {
  id?: string;
  etag?: string;
  status?: "confirmed" | "tentative" | "cancelled";
  htmlLink?: string;
  summary?: string;
  description?: string;
  location?: string;
  colorId?: string;
  start?: EventDateTime;
  end?: EventDateTime;
  attendees?: { email: string; responseStatus?: string }[];
  reminders?: { useDefault: boolean; overrides?: { method: "popup" | "email"; minutes: number }[] };
  extendedProperties?: { private?: Record<string, string>; shared?: Record<string, string> };
  hangoutLink?: string;
  conferenceData?: {
    createRequest?: {
      requestId: string;
      conferenceSolutionKey: { type: "hangoutsMeet" };
      status?: { statusCode: string };
    };
    entryPoints?: { entryPointType: string; uri: string }[];
  };
  updated?: string;
}

export interface EventList {
  items: CalendarEvent[];
  nextPageToken?: string;
  nextSyncToken?: string;
}

export interface CalendarListEntry {
  id: string;
  summary: string;
  primary?: boolean;
  accessRole: "freeBusyReader" | "reader" | "writer" | "owner";
  timeZone?: string;
  backgroundColor?: string;
}

export interface BusyInterval {
  start: string;
  end: string;
}

export interface FreeBusyResponse {
  calendars: Record<string, { busy: BusyInterval[]; errors?: { domain: string; reason: string }[] }>;
}

/** Query of `events.list`. */
export interface ListEventsQuery {
  timeMin?: string;
  timeMax?: string;
  singleEvents?: boolean;
  orderBy?: "startTime" | "updated";
  /** `key=value` pairs, e.g. `lcBooking=<id>`. */
  privateExtendedProperty?: string[];
  showDeleted?: boolean;
  pageToken?: string;
  syncToken?: string;
  maxResults?: number;
}

/** The Meet link of an event, wherever Google put it. */
export function meetLinkOf(e: CalendarEvent): string | undefined {
  return e.hangoutLink ?? e.conferenceData?.entryPoints?.find((p) => p.entryPointType === "video")?.uri;
}
