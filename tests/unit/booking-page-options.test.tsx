import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import axe from "axe-core";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { BookingPageSection } from "@/components/BookingPageSection";
import type { BookingPageSettings, BookingPageView } from "@/utils/api/booking-page";
import { type AdminClient, createAdminClient } from "@/utils/booking-page/admin-client";
import { setAdminClientFactory } from "@/utils/booking-page/client";
import { useBookingPageStore } from "@/utils/booking-page/store";
import { AuthRequiredError } from "@/utils/google/auth";
import { WorkerApiError } from "@/utils/worker-client";

// The options page's "Booking page" section against a fake Worker admin API.

const VIEW: BookingPageView = {
  connected: false,
  calendarId: "primary",
  timeZone: "America/Argentina/Buenos_Aires",
  weekly: { mon: [["09:00", "12:00"]], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] },
  daysOff: ["2030-01-01"],
  types: [
    {
      id: "intro",
      title: "Intro call",
      description: "",
      durationMinutes: 30,
      slotStepMinutes: 30,
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 0,
      minNoticeMinutes: 60,
      horizonDays: 30,
      maxPerDay: 100,
    },
  ],
  pageUrl: "https://lc.example.dev/book/intro",
};

/** A fake admin API: `put` records saved bodies; `fail` makes the next GET throw. */
function fakeApi(view: BookingPageView = VIEW) {
  const state = { view: structuredClone(view), puts: [] as BookingPageSettings[], fail: null as unknown };
  const client: AdminClient = {
    getPage: async () => {
      if (state.fail) throw state.fail;
      return structuredClone(state.view);
    },
    savePage: async (s) => {
      state.puts.push(structuredClone(s));
      state.view = { ...state.view, ...structuredClone(s) } as BookingPageView;
      return structuredClone(state.view);
    },
    listBookings: async () => [],
    answerAttendance: async () => {
      throw new Error("unused");
    },
    connectUrl: () => "https://lc.example.dev/admin/google/connect",
  };
  setAdminClientFactory(async () => client);
  return state;
}

beforeEach(() => {
  useBookingPageStore.setState({
    status: "loading",
    view: null,
    draft: null,
    errors: {},
    saved: false,
    saveError: null,
  });
});

describe("options: booking page section", () => {
  it("shows the connection, zone, hours, days off and types with the public link, axe-clean", async () => {
    fakeApi();
    const { container } = render(<BookingPageSection />);
    expect(await screen.findByText(/Google Calendar is not connected/)).toBeTruthy();
    expect((screen.getByLabelText(/Your time zone/) as HTMLInputElement).value).toBe("America/Argentina/Buenos_Aires");
    expect((screen.getByLabelText("Monday, hours 1, from") as HTMLInputElement).value).toBe("09:00");
    expect((screen.getByLabelText("Monday, hours 1, until") as HTMLInputElement).value).toBe("12:00");
    expect(within(screen.getByRole("group", { name: "Tuesday" })).getByText("Closed")).toBeTruthy();
    expect(screen.getByText("Tuesday, January 1, 2030")).toBeTruthy();
    expect(screen.getByText("https://lc.example.dev/book/intro")).toBeTruthy();
    expect((screen.getByLabelText("Title") as HTMLInputElement).value).toBe("Intro call");
    for (const label of [
      "Link name",
      "Description",
      "Duration (minutes)",
      /Start times every/,
      "Free time before (minutes)",
      "Free time after (minutes)",
      "Minimum notice (minutes)",
      "Bookable up to (days ahead)",
      /Most bookings a day/,
      "PayPal",
      "Binance Pay",
      "Mercado Pago",
      /Price/,
      "Currency",
    ])
      expect(screen.getByLabelText(label)).toBeTruthy();
    expect((await axe.run(container)).violations.map((v) => v.id)).toEqual([]);
  });

  it("opens the Worker's connect page in a tab", async () => {
    fakeApi();
    const create = vi.spyOn(fakeBrowser.tabs, "create");
    render(<BookingPageSection />);
    await userEvent.setup().click(await screen.findByRole("button", { name: "Connect Google Calendar" }));
    await waitFor(() => expect(create).toHaveBeenCalledWith({ url: "https://lc.example.dev/admin/google/connect" }));
  });

  it("sets weekly hours, a day off and a new type, and saves them with one PUT", async () => {
    const api = fakeApi();
    const user = userEvent.setup();
    render(<BookingPageSection />);
    await user.click(await screen.findByRole("button", { name: "Add hours on Wednesday" }));
    await user.click(screen.getByRole("button", { name: "Remove Monday hours 1" }));
    await user.type(screen.getByLabelText("Day off"), "2030-02-03");
    await user.click(screen.getByRole("button", { name: "Add day off" }));
    await user.click(screen.getByRole("button", { name: "Remove day off Tuesday, January 1, 2030" }));
    await user.click(screen.getByRole("button", { name: "Add a booking type" }));
    const fresh = screen.getByRole("group", { name: "New booking type" });
    await user.type(within(fresh).getByLabelText("Title"), "Class");
    await user.type(within(fresh).getByLabelText("Link name"), "class");
    await user.clear(within(fresh).getByLabelText("Duration (minutes)"));
    await user.type(within(fresh).getByLabelText("Duration (minutes)"), "60");
    await user.type(within(fresh).getByLabelText(/Most bookings a day/), "3");
    await user.click(within(fresh).getByLabelText("Mercado Pago"));
    await user.type(within(fresh).getByLabelText(/Price/), "25.00");
    await user.type(within(fresh).getByLabelText("Currency"), "ars");
    expect(within(fresh).queryByLabelText("If I don't answer in time")).toBeNull();
    await user.click(within(fresh).getByLabelText("Refund the fee if they attend"));
    await user.selectOptions(within(fresh).getByLabelText("If I don't answer in time"), "refund");
    await user.click(screen.getByRole("button", { name: "Save booking page" }));
    expect(await screen.findByText("Saved.")).toBeTruthy();
    expect(api.puts).toHaveLength(1);
    expect(api.puts[0]).toEqual({
      timeZone: "America/Argentina/Buenos_Aires",
      weekly: { mon: [], tue: [], wed: [["09:00", "17:00"]], thu: [], fri: [], sat: [], sun: [] },
      daysOff: ["2030-02-03"],
      types: [
        {
          id: "intro",
          title: "Intro call",
          description: "",
          durationMinutes: 30,
          bufferBeforeMinutes: 0,
          bufferAfterMinutes: 0,
          minNoticeMinutes: 60,
          horizonDays: 30,
        },
        {
          id: "class",
          title: "Class",
          description: "",
          durationMinutes: 60,
          bufferBeforeMinutes: 0,
          bufferAfterMinutes: 0,
          minNoticeMinutes: 60,
          horizonDays: 30,
          maxPerDay: 3,
          providers: ["mercadopago"],
          price: { value: "25.00", currency: "ARS" },
          refundIfAttended: true,
          noAnswer: "refund",
        },
      ],
    });
    // Saved types get their public link.
    expect(await screen.findByText("https://lc.example.dev/book/class")).toBeTruthy();
  });

  it("validates inline (the Worker's own rules), focuses the first problem and sends nothing", async () => {
    const api = fakeApi();
    const user = userEvent.setup();
    const { container } = render(<BookingPageSection />);
    const zone = await screen.findByLabelText(/Your time zone/);
    await user.clear(zone);
    await user.type(zone, "Mars/Olympus");
    await user.clear(screen.getByLabelText("Monday, hours 1, until"));
    await user.type(screen.getByLabelText("Monday, hours 1, until"), "08:00");
    await user.click(screen.getByRole("button", { name: "Add a booking type" }));
    const fresh = screen.getByRole("group", { name: "New booking type" });
    await user.type(within(fresh).getByLabelText("Link name"), "Intro!");
    await user.clear(within(fresh).getByLabelText("Duration (minutes)"));
    await user.type(within(fresh).getByLabelText("Duration (minutes)"), "2");
    await user.type(within(fresh).getByLabelText(/Price/), "25");
    await user.click(screen.getByRole("button", { name: "Save booking page" }));
    expect(await screen.findByText("Choose a time zone from the list, e.g. America/New_York.")).toBeTruthy();
    expect(screen.getByText(/Each span must end after it starts/)).toBeTruthy();
    expect(screen.getByText(/Use lowercase letters, digits and dashes/)).toBeTruthy();
    expect(screen.getByText("Enter a title of up to 100 characters.")).toBeTruthy();
    expect(screen.getByText("Enter whole minutes from 5 to 720.")).toBeTruthy();
    expect(screen.getByText(/Enter an amount like 25.00/)).toBeTruthy();
    expect(within(fresh).getByLabelText("Link name").getAttribute("aria-invalid")).toBe("true");
    expect(document.activeElement).toBe(zone);
    expect(api.puts).toEqual([]);
    expect((await axe.run(container)).violations.map((v) => v.id)).toEqual([]);
    // Fixing a field clears its error at once.
    await user.clear(zone);
    await user.type(zone, "America/New_York");
    expect(screen.queryByText("Choose a time zone from the list, e.g. America/New_York.")).toBeNull();
  });

  it("shows the Worker's words when it refuses a save", async () => {
    const api = fakeApi();
    setAdminClientFactory(async () => ({
      getPage: async () => structuredClone(api.view),
      savePage: async () => {
        throw new WorkerApiError(400, "invalid_request", "types.0.id: must be a slug: a-z, 0-9 and -");
      },
      listBookings: async () => [],
      answerAttendance: async () => {
        throw new Error("unused");
      },
      connectUrl: () => "",
    }));
    render(<BookingPageSection />);
    await userEvent.setup().click(await screen.findByRole("button", { name: "Save booking page" }));
    expect(
      await screen.findByText("The Worker did not accept the settings: types.0.id: must be a slug: a-z, 0-9 and -"),
    ).toBeTruthy();
  });

  it.each([
    [new AuthRequiredError(), /Sign in with Google as the host account/],
    [new WorkerApiError(403, "forbidden", "not the host"), /is not this Worker's host/],
    [new WorkerApiError(404, "not_found", "no page"), /has no booking page configured/],
    [new WorkerApiError(0, "network", "offline"), /could not be loaded/],
  ])("explains %s instead of the form", async (error, text) => {
    const api = fakeApi();
    api.fail = error;
    render(<BookingPageSection />);
    expect(await screen.findByText(text)).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Save booking page" })).toBeNull();
  });
});

describe("admin client", () => {
  it("sends the Google token as Bearer, and on 401 drops it and retries once with a fresh one", async () => {
    const tokens = ["old", "new"];
    const invalidated: string[] = [];
    const seen: string[] = [];
    const client = createAdminClient({
      baseUrl: "https://w.test/",
      getToken: async () => tokens[0] as string,
      invalidateToken: async (t) => {
        invalidated.push(t);
        tokens.shift();
      },
      fetch: async (url, init) => {
        const auth = new Headers(init?.headers).get("authorization") ?? "";
        seen.push(`${init?.method} ${url} ${auth}`);
        return auth === "Bearer old"
          ? Response.json({ error: { code: "unauthorized", message: "expired" } }, { status: 401 })
          : Response.json(VIEW);
      },
    });
    expect(await client.getPage()).toEqual(VIEW);
    expect(seen).toEqual([
      "GET https://w.test/v1/admin/booking-page Bearer old",
      "GET https://w.test/v1/admin/booking-page Bearer new",
    ]);
    expect(invalidated).toEqual(["old"]);
  });

  it("turns a 403 into a WorkerApiError with the Worker's code", async () => {
    const client = createAdminClient({
      baseUrl: "https://w.test",
      getToken: async () => "t",
      invalidateToken: async () => {},
      fetch: async () => Response.json({ error: { code: "forbidden", message: "not the host" } }, { status: 403 }),
    });
    await expect(client.getPage()).rejects.toMatchObject({ status: 403, code: "forbidden" });
  });
});
