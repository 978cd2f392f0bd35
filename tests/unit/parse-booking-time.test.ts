import { afterEach, describe, expect, it } from "vitest";
import type { ParsedTime } from "@/utils/booking/types";
import { parseBookingTime } from "@/utils/parse-booking-time";

// Wednesday 18 November 2026: 10:00 in New York, 15:00 in London, 12:00 in São Paulo.
const NOW = "2026-11-18T15:00:00Z";
const NY = "America/New_York";
const LONDON = "Europe/London";
const BERLIN = "Europe/Berlin";
const MADRID = "Europe/Madrid";
const SAO_PAULO = "America/Sao_Paulo";

interface Row {
  group: string;
  text: string;
  /** Defaults to NOW. */
  now?: string;
  /** The user's zone; defaults to New York. */
  timeZone?: string;
  /** Defaults to en-US. */
  locale?: string;
  expected: ParsedTime | null;
}

// DST 2026: New York springs forward 8 March and falls back 1 November; Berlin 29 March and
// 25 October. Every row passes whatever the process TZ is (CI runs this file under several).
const rows: Row[] = [
  {
    group: "weekday",
    text: "Monday 9am",
    expected: {
      start: "2026-11-23T09:00:00-05:00",
      allDay: false,
      timeZone: NY,
      matchedText: "Monday 9am",
      confidence: "high",
    },
  },
  {
    group: "weekday",
    text: "Wednesday 9am",
    expected: {
      start: "2026-11-25T09:00:00-05:00",
      allDay: false,
      timeZone: NY,
      matchedText: "Wednesday 9am",
      confidence: "high",
    },
  },
  {
    group: "weekday",
    text: "Wednesday 4pm",
    expected: {
      start: "2026-11-18T16:00:00-05:00",
      allDay: false,
      timeZone: NY,
      matchedText: "Wednesday 4pm",
      confidence: "high",
    },
  },
  {
    group: "weekday",
    text: "Friday",
    expected: {
      start: "2026-11-20T00:00:00-05:00",
      end: "2026-11-21T00:00:00-05:00",
      allDay: true,
      timeZone: NY,
      matchedText: "Friday",
      confidence: "medium",
    },
  },
  {
    group: "weekday",
    text: "Tuesday",
    expected: {
      start: "2026-11-24T00:00:00-05:00",
      end: "2026-11-25T00:00:00-05:00",
      allDay: true,
      timeZone: NY,
      matchedText: "Tuesday",
      confidence: "medium",
    },
  },
  {
    group: "weekday",
    text: "on Thursday at 2:30pm",
    expected: {
      start: "2026-11-19T14:30:00-05:00",
      allDay: false,
      timeZone: NY,
      matchedText: "on Thursday at 2:30pm",
      confidence: "high",
    },
  },
  {
    group: "weekday",
    text: "Wednesday",
    expected: {
      start: "2026-11-18T00:00:00-05:00",
      end: "2026-11-19T00:00:00-05:00",
      allDay: true,
      timeZone: NY,
      matchedText: "Wednesday",
      confidence: "medium",
    },
  },
  {
    group: "weekday",
    text: "next Tuesday at 10am",
    expected: {
      start: "2026-11-24T10:00:00-05:00",
      allDay: false,
      timeZone: NY,
      matchedText: "next Tuesday at 10am",
      confidence: "high",
    },
  },
  {
    group: "weekday",
    text: "last Monday at 9am",
    expected: {
      start: "2026-11-16T09:00:00-05:00",
      allDay: false,
      timeZone: NY,
      matchedText: "last Monday at 9am",
      confidence: "high",
    },
  },
  {
    group: "relative day",
    text: "tomorrow 3pm",
    expected: {
      start: "2026-11-19T15:00:00-05:00",
      allDay: false,
      timeZone: NY,
      matchedText: "tomorrow 3pm",
      confidence: "high",
    },
  },
  {
    group: "relative day",
    text: "tomorrow at noon",
    expected: {
      start: "2026-11-19T12:00:00-05:00",
      allDay: false,
      timeZone: NY,
      matchedText: "tomorrow at noon",
      confidence: "high",
    },
  },
  {
    group: "relative day",
    text: "today at 5pm",
    expected: {
      start: "2026-11-18T17:00:00-05:00",
      allDay: false,
      timeZone: NY,
      matchedText: "today at 5pm",
      confidence: "high",
    },
  },
  {
    group: "relative day",
    text: "tomorrow",
    expected: {
      start: "2026-11-19T00:00:00-05:00",
      end: "2026-11-20T00:00:00-05:00",
      allDay: true,
      timeZone: NY,
      matchedText: "tomorrow",
      confidence: "medium",
    },
  },
  {
    group: "relative day",
    text: "tomorrow morning",
    expected: {
      start: "2026-11-19T09:00:00-05:00",
      allDay: false,
      timeZone: NY,
      matchedText: "tomorrow morning",
      confidence: "medium",
    },
  },
  {
    group: "relative day",
    text: "in 2 hours",
    expected: {
      start: "2026-11-18T12:00:00-05:00",
      allDay: false,
      timeZone: NY,
      matchedText: "in 2 hours",
      confidence: "high",
    },
  },
  {
    group: "relative day",
    text: "the day after tomorrow at 11am",
    expected: {
      start: "2026-11-20T11:00:00-05:00",
      allDay: false,
      timeZone: NY,
      matchedText: "the day after tomorrow at 11am",
      confidence: "high",
    },
  },
  {
    group: "time alone",
    text: "noon",
    expected: {
      start: "2026-11-18T12:00:00-05:00",
      allDay: false,
      timeZone: NY,
      matchedText: "noon",
      confidence: "medium",
    },
  },
  {
    group: "time alone",
    text: "midnight",
    expected: {
      start: "2026-11-19T00:00:00-05:00",
      allDay: false,
      timeZone: NY,
      matchedText: "midnight",
      confidence: "medium",
    },
  },
  {
    group: "time alone",
    text: "at 9am",
    expected: {
      start: "2026-11-19T09:00:00-05:00",
      allDay: false,
      timeZone: NY,
      matchedText: "at 9am",
      confidence: "medium",
    },
  },
  {
    group: "time alone",
    text: "at 3pm",
    expected: {
      start: "2026-11-18T15:00:00-05:00",
      allDay: false,
      timeZone: NY,
      matchedText: "at 3pm",
      confidence: "medium",
    },
  },
  {
    group: "range",
    text: "3–4pm",
    expected: {
      start: "2026-11-18T15:00:00-05:00",
      end: "2026-11-18T16:00:00-05:00",
      allDay: false,
      timeZone: NY,
      matchedText: "3–4pm",
      confidence: "medium",
    },
  },
  {
    group: "range",
    text: "3pm-4:30pm",
    expected: {
      start: "2026-11-18T15:00:00-05:00",
      end: "2026-11-18T16:30:00-05:00",
      allDay: false,
      timeZone: NY,
      matchedText: "3pm-4:30pm",
      confidence: "medium",
    },
  },
  {
    group: "range",
    text: "from 3 to 5pm",
    expected: {
      start: "2026-11-18T15:00:00-05:00",
      end: "2026-11-18T17:00:00-05:00",
      allDay: false,
      timeZone: NY,
      matchedText: "from 3 to 5pm",
      confidence: "medium",
    },
  },
  {
    group: "range",
    text: "Friday 10:00-11:30",
    expected: {
      start: "2026-11-20T10:00:00-05:00",
      end: "2026-11-20T11:30:00-05:00",
      allDay: false,
      timeZone: NY,
      matchedText: "Friday 10:00-11:30",
      confidence: "high",
    },
  },
  {
    group: "range",
    text: "11pm-1am",
    expected: {
      start: "2026-11-18T23:00:00-05:00",
      end: "2026-11-19T01:00:00-05:00",
      allDay: false,
      timeZone: NY,
      matchedText: "11pm-1am",
      confidence: "medium",
    },
  },
  {
    group: "range",
    text: "Dec 3-5",
    expected: {
      start: "2026-12-03T00:00:00-05:00",
      end: "2026-12-06T00:00:00-05:00",
      allDay: true,
      timeZone: NY,
      matchedText: "Dec 3-5",
      confidence: "medium",
    },
  },
  {
    group: "range",
    text: "Thursday 3–4pm EST",
    expected: {
      start: "2026-11-19T15:00:00-05:00",
      end: "2026-11-19T16:00:00-05:00",
      allDay: false,
      timeZone: NY,
      matchedText: "Thursday 3–4pm EST",
      confidence: "high",
    },
  },
  {
    group: "zone",
    text: "tomorrow 3pm EST",
    timeZone: LONDON,
    expected: {
      start: "2026-11-19T15:00:00-05:00",
      allDay: false,
      timeZone: NY,
      matchedText: "tomorrow 3pm EST",
      confidence: "high",
    },
  },
  {
    group: "zone",
    text: "tomorrow 3pm PST",
    timeZone: LONDON,
    expected: {
      start: "2026-11-19T15:00:00-08:00",
      allDay: false,
      timeZone: "America/Los_Angeles",
      matchedText: "tomorrow 3pm PST",
      confidence: "high",
    },
  },
  {
    group: "zone",
    text: "tomorrow 15:00 CET",
    timeZone: LONDON,
    expected: {
      start: "2026-11-19T15:00:00+01:00",
      allDay: false,
      timeZone: BERLIN,
      matchedText: "tomorrow 15:00 CET",
      confidence: "high",
    },
  },
  {
    group: "zone",
    text: "tomorrow 3pm GMT+2",
    timeZone: LONDON,
    expected: {
      start: "2026-11-19T15:00:00+02:00",
      allDay: false,
      timeZone: "Etc/GMT-2",
      matchedText: "tomorrow 3pm GMT+2",
      confidence: "high",
    },
  },
  {
    group: "zone",
    text: "tomorrow 3pm UTC−3",
    timeZone: LONDON,
    expected: {
      start: "2026-11-19T15:00:00-03:00",
      allDay: false,
      timeZone: "Etc/GMT+3",
      matchedText: "tomorrow 3pm UTC−3",
      confidence: "high",
    },
  },
  {
    group: "zone",
    text: "tomorrow 3pm UTC-3",
    timeZone: LONDON,
    expected: {
      start: "2026-11-19T15:00:00-03:00",
      allDay: false,
      timeZone: "Etc/GMT+3",
      matchedText: "tomorrow 3pm UTC-3",
      confidence: "high",
    },
  },
  {
    group: "zone",
    text: "tomorrow 3pm ET",
    timeZone: LONDON,
    expected: {
      start: "2026-11-19T15:00:00-05:00",
      allDay: false,
      timeZone: NY,
      matchedText: "tomorrow 3pm ET",
      confidence: "high",
    },
  },
  {
    group: "zone",
    text: "July 10, 2027 3pm EST",
    timeZone: LONDON,
    expected: {
      start: "2027-07-10T15:00:00-05:00",
      allDay: false,
      timeZone: "Etc/GMT+5",
      matchedText: "July 10, 2027 3pm EST",
      confidence: "medium",
    },
  },
  {
    group: "zone",
    text: "July 10, 2027 3pm ET",
    timeZone: LONDON,
    expected: {
      start: "2027-07-10T15:00:00-04:00",
      allDay: false,
      timeZone: NY,
      matchedText: "July 10, 2027 3pm ET",
      confidence: "high",
    },
  },
  {
    group: "zone",
    text: "July 10, 2027 3pm PDT",
    timeZone: LONDON,
    expected: {
      start: "2027-07-10T15:00:00-07:00",
      allDay: false,
      timeZone: "America/Los_Angeles",
      matchedText: "July 10, 2027 3pm PDT",
      confidence: "high",
    },
  },
  {
    group: "zone",
    text: "Friday 9:30 Pacific Time",
    timeZone: LONDON,
    expected: {
      start: "2026-11-20T09:30:00-08:00",
      allDay: false,
      timeZone: "America/Los_Angeles",
      matchedText: "Friday 9:30 Pacific Time",
      confidence: "high",
    },
  },
  {
    group: "zone",
    text: "tomorrow 3pm GMT+5:30",
    timeZone: LONDON,
    expected: {
      start: "2026-11-19T15:00:00+05:30",
      allDay: false,
      timeZone: "Asia/Kolkata",
      matchedText: "tomorrow 3pm GMT+5:30",
      confidence: "high",
    },
  },
  {
    group: "zone",
    text: "Call Thursday at 4pm. All times ET.",
    timeZone: LONDON,
    expected: {
      start: "2026-11-19T16:00:00-05:00",
      allDay: false,
      timeZone: NY,
      matchedText: "Thursday at 4pm",
      confidence: "high",
    },
  },
  {
    group: "zone",
    text: "tomorrow 3pm GMT+2",
    timeZone: "Europe/Helsinki",
    expected: {
      start: "2026-11-19T15:00:00+02:00",
      allDay: false,
      timeZone: "Europe/Helsinki",
      matchedText: "tomorrow 3pm GMT+2",
      confidence: "high",
    },
  },
  {
    group: "zone",
    text: "3pm EST",
    timeZone: LONDON,
    expected: {
      start: "2026-11-18T15:00:00-05:00",
      allDay: false,
      timeZone: NY,
      matchedText: "3pm EST",
      confidence: "medium",
    },
  },
  {
    group: "zone",
    text: "tomorrow 10am (CEST)",
    timeZone: LONDON,
    expected: {
      start: "2026-11-19T10:00:00+02:00",
      allDay: false,
      timeZone: "Etc/GMT-2",
      matchedText: "tomorrow 10am (CEST)",
      confidence: "medium",
    },
  },
  {
    group: "ISO/written date",
    text: "2026-12-05T15:00:00Z",
    expected: {
      start: "2026-12-05T15:00:00+00:00",
      allDay: false,
      timeZone: "UTC",
      matchedText: "2026-12-05T15:00:00Z",
      confidence: "high",
    },
  },
  {
    group: "ISO/written date",
    text: "2026-12-05T15:00:00+01:00",
    expected: {
      start: "2026-12-05T15:00:00+01:00",
      allDay: false,
      timeZone: "Etc/GMT-1",
      matchedText: "2026-12-05T15:00:00+01:00",
      confidence: "high",
    },
  },
  {
    group: "ISO/written date",
    text: "2026-12-05",
    expected: {
      start: "2026-12-05T00:00:00-05:00",
      end: "2026-12-06T00:00:00-05:00",
      allDay: true,
      timeZone: NY,
      matchedText: "2026-12-05",
      confidence: "medium",
    },
  },
  {
    group: "ISO/written date",
    text: "2026-12-05 14:00",
    expected: {
      start: "2026-12-05T14:00:00-05:00",
      allDay: false,
      timeZone: NY,
      matchedText: "2026-12-05 14:00",
      confidence: "high",
    },
  },
  {
    group: "ISO/written date",
    text: "December 5, 2026",
    expected: {
      start: "2026-12-05T00:00:00-05:00",
      end: "2026-12-06T00:00:00-05:00",
      allDay: true,
      timeZone: NY,
      matchedText: "December 5, 2026",
      confidence: "medium",
    },
  },
  {
    group: "ISO/written date",
    text: "December 5, 2026 at 2pm",
    expected: {
      start: "2026-12-05T14:00:00-05:00",
      allDay: false,
      timeZone: NY,
      matchedText: "December 5, 2026 at 2pm",
      confidence: "high",
    },
  },
  {
    group: "ISO/written date",
    text: "5 Dec 2026, 14:00",
    expected: {
      start: "2026-12-05T14:00:00-05:00",
      allDay: false,
      timeZone: NY,
      matchedText: "5 Dec 2026, 14:00",
      confidence: "high",
    },
  },
  {
    group: "ISO/written date",
    text: "Dec 5",
    expected: {
      start: "2026-12-05T00:00:00-05:00",
      end: "2026-12-06T00:00:00-05:00",
      allDay: true,
      timeZone: NY,
      matchedText: "Dec 5",
      confidence: "medium",
    },
  },
  {
    group: "ISO/written date",
    text: "March 1",
    expected: {
      start: "2027-03-01T00:00:00-05:00",
      end: "2027-03-02T00:00:00-05:00",
      allDay: true,
      timeZone: NY,
      matchedText: "March 1",
      confidence: "medium",
    },
  },
  {
    group: "ISO/written date",
    text: "Saturday, 12 December 2026 10:00",
    expected: {
      start: "2026-12-12T10:00:00-05:00",
      allDay: false,
      timeZone: NY,
      matchedText: "Saturday, 12 December 2026 10:00",
      confidence: "high",
    },
  },
  {
    group: "dd/mm vs mm/dd",
    text: "03/04/2027 10:00",
    expected: {
      start: "2027-03-04T10:00:00-05:00",
      allDay: false,
      timeZone: NY,
      matchedText: "03/04/2027 10:00",
      confidence: "medium",
    },
  },
  {
    group: "dd/mm vs mm/dd",
    text: "03/04/2027 10:00",
    locale: "en-GB",
    expected: {
      start: "2027-04-03T10:00:00-04:00",
      allDay: false,
      timeZone: NY,
      matchedText: "03/04/2027 10:00",
      confidence: "medium",
    },
  },
  {
    group: "dd/mm vs mm/dd",
    text: "03/04/2027",
    timeZone: BERLIN,
    locale: "de",
    expected: {
      start: "2027-04-03T00:00:00+02:00",
      end: "2027-04-04T00:00:00+02:00",
      allDay: true,
      timeZone: BERLIN,
      matchedText: "03/04/2027",
      confidence: "low",
    },
  },
  {
    group: "dd/mm vs mm/dd",
    text: "25/12/2026 19:00",
    expected: {
      start: "2026-12-25T19:00:00-05:00",
      allDay: false,
      timeZone: NY,
      matchedText: "25/12/2026 19:00",
      confidence: "high",
    },
  },
  {
    group: "dd/mm vs mm/dd",
    text: "24.11.2026 14:30",
    timeZone: BERLIN,
    locale: "de",
    expected: {
      start: "2026-11-24T14:30:00+01:00",
      allDay: false,
      timeZone: BERLIN,
      matchedText: "24.11.2026 14:30",
      confidence: "high",
    },
  },
  {
    group: "dd/mm vs mm/dd",
    text: "12/11 at 3pm",
    timeZone: LONDON,
    locale: "en-GB",
    expected: {
      start: "2027-11-12T15:00:00+00:00",
      allDay: false,
      timeZone: LONDON,
      matchedText: "12/11 at 3pm",
      confidence: "medium",
    },
  },
  {
    group: "DST New York",
    text: "March 7, 2026 10am",
    now: "2026-03-01T12:00:00Z",
    expected: {
      start: "2026-03-07T10:00:00-05:00",
      allDay: false,
      timeZone: NY,
      matchedText: "March 7, 2026 10am",
      confidence: "high",
    },
  },
  {
    group: "DST New York",
    text: "March 9, 2026 10am",
    now: "2026-03-01T12:00:00Z",
    expected: {
      start: "2026-03-09T10:00:00-04:00",
      allDay: false,
      timeZone: NY,
      matchedText: "March 9, 2026 10am",
      confidence: "high",
    },
  },
  {
    group: "DST New York",
    text: "Sunday 2:30am",
    now: "2026-03-06T15:00:00Z",
    expected: {
      start: "2026-03-08T03:30:00-04:00",
      allDay: false,
      timeZone: NY,
      matchedText: "Sunday 2:30am",
      confidence: "high",
    },
  },
  {
    group: "DST New York",
    text: "October 31, 2026 10am",
    now: "2026-10-20T12:00:00Z",
    expected: {
      start: "2026-10-31T10:00:00-04:00",
      allDay: false,
      timeZone: NY,
      matchedText: "October 31, 2026 10am",
      confidence: "high",
    },
  },
  {
    group: "DST New York",
    text: "November 2, 2026 10am",
    now: "2026-10-20T12:00:00Z",
    expected: {
      start: "2026-11-02T10:00:00-05:00",
      allDay: false,
      timeZone: NY,
      matchedText: "November 2, 2026 10am",
      confidence: "high",
    },
  },
  {
    group: "DST New York",
    text: "Nov 1 2026 1:30am",
    now: "2026-10-20T12:00:00Z",
    expected: {
      start: "2026-11-01T01:30:00-04:00",
      allDay: false,
      timeZone: NY,
      matchedText: "Nov 1 2026 1:30am",
      confidence: "high",
    },
  },
  {
    group: "DST New York",
    text: "March 8, 2026",
    now: "2026-03-01T12:00:00Z",
    expected: {
      start: "2026-03-08T00:00:00-05:00",
      end: "2026-03-09T00:00:00-04:00",
      allDay: true,
      timeZone: NY,
      matchedText: "March 8, 2026",
      confidence: "medium",
    },
  },
  {
    group: "DST Berlin",
    text: "28.03.2026 10:00",
    now: "2026-03-20T12:00:00Z",
    timeZone: BERLIN,
    locale: "de",
    expected: {
      start: "2026-03-28T10:00:00+01:00",
      allDay: false,
      timeZone: BERLIN,
      matchedText: "28.03.2026 10:00",
      confidence: "high",
    },
  },
  {
    group: "DST Berlin",
    text: "29.03.2026 10:00",
    now: "2026-03-20T12:00:00Z",
    timeZone: BERLIN,
    locale: "de",
    expected: {
      start: "2026-03-29T10:00:00+02:00",
      allDay: false,
      timeZone: BERLIN,
      matchedText: "29.03.2026 10:00",
      confidence: "high",
    },
  },
  {
    group: "DST Berlin",
    text: "24.10.2026 10:00",
    now: "2026-10-20T12:00:00Z",
    timeZone: BERLIN,
    locale: "de",
    expected: {
      start: "2026-10-24T10:00:00+02:00",
      allDay: false,
      timeZone: BERLIN,
      matchedText: "24.10.2026 10:00",
      confidence: "high",
    },
  },
  {
    group: "DST Berlin",
    text: "25.10.2026 10:00",
    now: "2026-10-20T12:00:00Z",
    timeZone: BERLIN,
    locale: "de",
    expected: {
      start: "2026-10-25T10:00:00+01:00",
      allDay: false,
      timeZone: BERLIN,
      matchedText: "25.10.2026 10:00",
      confidence: "high",
    },
  },
  {
    group: "DST Berlin",
    text: "Sunday 2:30",
    now: "2026-03-27T12:00:00Z",
    timeZone: BERLIN,
    locale: "en-GB",
    expected: {
      start: "2026-03-29T03:30:00+02:00",
      allDay: false,
      timeZone: BERLIN,
      matchedText: "Sunday 2:30",
      confidence: "high",
    },
  },
  {
    group: "Spanish",
    text: "mañana a las 3 de la tarde",
    timeZone: MADRID,
    locale: "es",
    expected: {
      start: "2026-11-19T15:00:00+01:00",
      allDay: false,
      timeZone: MADRID,
      matchedText: "mañana a las 3 de la tarde",
      confidence: "high",
    },
  },
  {
    group: "Spanish",
    text: "el martes a las 15:00",
    timeZone: MADRID,
    locale: "es",
    expected: {
      start: "2026-11-24T15:00:00+01:00",
      allDay: false,
      timeZone: MADRID,
      matchedText: "martes a las 15:00",
      confidence: "high",
    },
  },
  {
    group: "Spanish",
    text: "viernes de 3 a 5 de la tarde",
    timeZone: MADRID,
    locale: "es",
    expected: {
      start: "2026-11-20T15:00:00+01:00",
      end: "2026-11-20T17:00:00+01:00",
      allDay: false,
      timeZone: MADRID,
      matchedText: "viernes de 3 a 5 de la tarde",
      confidence: "high",
    },
  },
  {
    group: "Spanish",
    text: "del 3 al 5 de marzo",
    timeZone: MADRID,
    locale: "es",
    expected: {
      start: "2027-03-03T00:00:00+01:00",
      end: "2027-03-06T00:00:00+01:00",
      allDay: true,
      timeZone: MADRID,
      matchedText: "del 3 al 5 de marzo",
      confidence: "medium",
    },
  },
  {
    group: "Spanish",
    text: "pasado mañana a las 10",
    timeZone: MADRID,
    locale: "es",
    expected: {
      start: "2026-11-20T10:00:00+01:00",
      allDay: false,
      timeZone: MADRID,
      matchedText: "pasado mañana a las 10",
      confidence: "high",
    },
  },
  {
    group: "Spanish",
    text: "el jueves 26 de noviembre a las 17:30",
    timeZone: MADRID,
    locale: "es",
    expected: {
      start: "2026-11-26T17:30:00+01:00",
      allDay: false,
      timeZone: MADRID,
      matchedText: "jueves 26 de noviembre a las 17:30",
      confidence: "high",
    },
  },
  {
    group: "Spanish",
    text: "mañana a mediodía",
    timeZone: MADRID,
    locale: "es",
    expected: {
      start: "2026-11-19T12:00:00+01:00",
      allDay: false,
      timeZone: MADRID,
      matchedText: "mañana a mediodía",
      confidence: "high",
    },
  },
  {
    group: "Spanish",
    text: "mañana a las 3 de la tarde",
    expected: {
      start: "2026-11-19T15:00:00-05:00",
      allDay: false,
      timeZone: NY,
      matchedText: "mañana a las 3 de la tarde",
      confidence: "high",
    },
  },
  {
    group: "Spanish",
    text: "el lunes de 10:00 a 11:00",
    timeZone: "America/Mexico_City",
    locale: "es-MX",
    expected: {
      start: "2026-11-23T10:00:00-06:00",
      end: "2026-11-23T11:00:00-06:00",
      allDay: false,
      timeZone: "America/Mexico_City",
      matchedText: "lunes de 10:00 a 11:00",
      confidence: "high",
    },
  },
  {
    group: "Portuguese",
    text: "amanhã às 15h",
    timeZone: SAO_PAULO,
    locale: "pt-BR",
    expected: {
      start: "2026-11-19T15:00:00-03:00",
      allDay: false,
      timeZone: SAO_PAULO,
      matchedText: "amanhã às 15h",
      confidence: "high",
    },
  },
  {
    group: "Portuguese",
    text: "sexta-feira às 10h",
    timeZone: SAO_PAULO,
    locale: "pt-BR",
    expected: {
      start: "2026-11-20T10:00:00-03:00",
      allDay: false,
      timeZone: SAO_PAULO,
      matchedText: "sexta-feira às 10h",
      confidence: "high",
    },
  },
  {
    group: "Portuguese",
    text: "dia 5 de dezembro às 14h30",
    timeZone: SAO_PAULO,
    locale: "pt-BR",
    expected: {
      start: "2026-12-05T14:30:00-03:00",
      allDay: false,
      timeZone: SAO_PAULO,
      matchedText: "5 de dezembro às 14h30",
      confidence: "high",
    },
  },
  {
    group: "Portuguese",
    text: "reunião sexta das 14h às 15h30",
    timeZone: SAO_PAULO,
    locale: "pt-BR",
    expected: {
      start: "2026-11-20T14:00:00-03:00",
      end: "2026-11-20T15:30:00-03:00",
      allDay: false,
      timeZone: SAO_PAULO,
      matchedText: "sexta das 14h às 15h30",
      confidence: "high",
    },
  },
  {
    group: "Portuguese",
    text: "25/12 às 19h",
    timeZone: SAO_PAULO,
    locale: "pt-BR",
    expected: {
      start: "2026-12-25T19:00:00-03:00",
      allDay: false,
      timeZone: SAO_PAULO,
      matchedText: "25/12 às 19h",
      confidence: "high",
    },
  },
  {
    group: "Portuguese",
    text: "amanhã ao meio-dia",
    timeZone: SAO_PAULO,
    locale: "pt-BR",
    expected: {
      start: "2026-11-19T12:00:00-03:00",
      allDay: false,
      timeZone: SAO_PAULO,
      matchedText: "amanhã ao meio-dia",
      confidence: "high",
    },
  },
  {
    group: "Portuguese",
    text: "quinta-feira, 26 de novembro, 9h",
    timeZone: SAO_PAULO,
    locale: "pt-BR",
    expected: {
      start: "2026-11-26T09:00:00-03:00",
      allDay: false,
      timeZone: SAO_PAULO,
      matchedText: "quinta-feira, 26 de novembro, 9h",
      confidence: "high",
    },
  },
  {
    group: "Portuguese",
    text: "depois de amanhã às 10h, horário de Brasília",
    timeZone: LONDON,
    locale: "pt-BR",
    expected: {
      start: "2026-11-20T10:00:00-03:00",
      allDay: false,
      timeZone: SAO_PAULO,
      matchedText: "depois de amanhã às 10h, horário de Brasília",
      confidence: "high",
    },
  },
  {
    group: "Portuguese",
    text: "amanhã às 15h",
    expected: {
      start: "2026-11-19T15:00:00-05:00",
      allDay: false,
      timeZone: NY,
      matchedText: "amanhã às 15h",
      confidence: "high",
    },
  },
  {
    group: "honest reading",
    text: "Tue Mar 5, 3pm EST",
    expected: {
      start: "2027-03-05T15:00:00-05:00",
      allDay: false,
      timeZone: NY,
      matchedText: "Tue Mar 5, 3pm EST",
      // 5 March 2027 is a Friday: the date is kept, the contradiction reported and trusted less.
      confidence: "medium",
      writtenWeekday: 2,
    },
  },
  { group: "honest reading", text: "meet at 25:00", expected: null },
  { group: "honest reading", text: "call at 9:75", expected: null },
  {
    group: "honest reading",
    text: "Dec 1 9am",
    now: "2026-12-01T20:00:00Z",
    expected: {
      start: "2026-12-01T09:00:00-05:00",
      allDay: false,
      timeZone: NY,
      matchedText: "Dec 1 9am",
      confidence: "high",
      passed: true,
    },
  },
  {
    group: "honest reading",
    text: "el 5 de marzo",
    locale: "es-ES",
    timeZone: MADRID,
    expected: {
      start: "2027-03-05T00:00:00+01:00",
      end: "2027-03-06T00:00:00+01:00",
      allDay: true,
      timeZone: MADRID,
      matchedText: "5 de marzo",
      confidence: "medium",
    },
  },
  {
    group: "honest reading",
    text: "Intro call next Tuesday 3pm EST",
    expected: {
      start: "2026-11-24T15:00:00-05:00",
      allDay: false,
      timeZone: NY,
      matchedText: "next Tuesday 3pm EST",
      confidence: "high",
    },
  },
  { group: "no date", text: "hello there", expected: null },
  { group: "no date", text: "", expected: null },
  { group: "no date", text: "Thanks for the update, see attached invoice #1234", expected: null },
  { group: "no date", text: "Call me at 555-0199", expected: null },
  { group: "no date", text: "Price: 3.50 USD", expected: null },
];

function parse(row: Omit<Row, "group" | "expected">): ParsedTime | null {
  return parseBookingTime(row.text, {
    now: new Date(row.now ?? NOW),
    timeZone: row.timeZone ?? NY,
    locale: row.locale ?? "en-US",
  });
}

describe("parseBookingTime", () => {
  it.each(rows)("#%# $group: $text", (row) => {
    expect(parse(row)).toStrictEqual(row.expected);
  });

  it("covers every row of the time-parsing table", () => {
    expect(rows.length).toBeGreaterThanOrEqual(60);
  });

  describe("whatever the machine's zone", () => {
    const original = process.env.TZ;
    afterEach(() => {
      process.env.TZ = original;
    });

    // Node re-reads TZ when it changes, so this moves chrono's machine-local arithmetic around
    // zones with DST of their own (including one whose gap falls on a different day).
    it.each(["Pacific/Chatham", "America/Santiago", "Europe/Berlin", "America/New_York"])(
      "gives the same answers in %s",
      (tz) => {
        const expected = rows.map((row) => row.expected);
        process.env.TZ = tz;
        expect(rows.map((row) => parse(row))).toStrictEqual(expected);
      },
    );
  });

  it("falls back to UTC for an unknown user zone", () => {
    expect(parseBookingTime("December 5, 2026 at 2pm", { now: new Date(NOW), timeZone: "Mars/Olympus" })).toStrictEqual(
      {
        start: "2026-12-05T14:00:00+00:00",
        allDay: false,
        timeZone: "UTC",
        matchedText: "December 5, 2026 at 2pm",
        confidence: "high",
      },
    );
  });

  it("defaults to en-US (month first) without a locale", () => {
    expect(parseBookingTime("04/05/2027", { now: new Date(NOW), timeZone: NY })?.start).toBe(
      "2027-04-05T00:00:00-04:00",
    );
  });

  it("finds the date inside a longer selection", () => {
    const text = "Hi Ana,\n\nThanks for reaching out! Could we talk on Friday at 11:30am? I'll send a link.\n\nBest";
    expect(parseBookingTime(text, { now: new Date(NOW), timeZone: NY })).toStrictEqual({
      start: "2026-11-20T11:30:00-05:00",
      allDay: false,
      timeZone: NY,
      matchedText: "on Friday at 11:30am",
      confidence: "high",
    });
  });
});
