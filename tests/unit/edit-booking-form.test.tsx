import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import axe from "axe-core";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { EditBooking } from "@/components/EditBooking";
import type { Booking } from "@/utils/booking/types";
import { sendMessage } from "@/utils/messaging";
import { makeBooking } from "./fixtures";

// The popup's edit form (docs/architecture.md "Editing a booking") on its own: what it shows, what it sends to the
// background, how it reports a bad field or a refusal, and that it is axe-clean in each state.
vi.mock("@/utils/messaging", () => ({ sendMessage: vi.fn() }));
const send = vi.mocked(sendMessage as (type: string, data: unknown) => Promise<unknown>);

const booking = (over: Partial<Booking> = {}) =>
  makeBooking({
    summary: "Intro call",
    start: "2030-03-05T15:00:00-05:00",
    end: "2030-03-05T15:30:00-05:00",
    timeZone: "America/New_York",
    guests: ["lead@example.com"],
    ...over,
  });

async function axeViolations(container: HTMLElement): Promise<string[]> {
  const results = await axe.run(container);
  return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(" ")}`);
}

function renderForm(b = booking()) {
  const onDone = vi.fn();
  const user = userEvent.setup();
  const view = render(<EditBooking booking={b} onDone={onDone} />);
  const field = (label: string) => screen.getByLabelText(label) as HTMLInputElement;
  return { user, view, onDone, field };
}

beforeEach(() => {
  send.mockReset();
});

describe("EditBooking", () => {
  it("shows the booking in its own zone, focuses the title, says the hold is worked out again, axe-clean", async () => {
    const { view, field } = renderForm();
    expect(screen.getByRole("form", { name: "Edit “Intro call”" })).toBeTruthy();
    expect(field("Title").value).toBe("Intro call");
    expect(field("Date").value).toBe("2030-03-05");
    expect(field("Start").value).toBe("15:00");
    expect(field("End").value).toBe("15:30");
    expect(field("Guests (emails)").value).toBe("lead@example.com");
    expect(screen.getByText("Time zone: America/New_York")).toBeTruthy();
    expect(document.activeElement).toBe(field("Title"));
    expect(screen.getByText("The time to pay is worked out again for the new time.")).toBeTruthy();
    expect(screen.queryByText("The payment stays with this booking.")).toBeNull();
    expect(await axeViolations(view.container)).toEqual([]);
  });

  it("a confirmed booking says its payment stays", () => {
    renderForm(booking({ status: "confirmed" }));
    expect(screen.getByText("The payment stays with this booking.")).toBeTruthy();
    expect(screen.queryByText("The time to pay is worked out again for the new time.")).toBeNull();
  });

  it("an all-day booking offers the date alone", () => {
    const { field } = renderForm(
      booking({ allDay: true, start: "2030-03-05T00:00:00-05:00", end: "2030-03-06T00:00:00-05:00" }),
    );
    expect(field("Date").value).toBe("2030-03-05");
    expect(screen.queryByLabelText("Start")).toBeNull();
    expect(screen.queryByLabelText("End")).toBeNull();
  });

  it("sends the new title, times (with the zone's offset) and guests to the background, then closes as saved", async () => {
    let answer: (r: unknown) => void = () => {};
    send.mockReturnValue(new Promise((r) => (answer = r)));
    const { user, field, onDone } = renderForm();
    await user.clear(field("Title"));
    await user.type(field("Title"), "Intro call (moved)");
    await user.clear(field("Date"));
    await user.type(field("Date"), "2030-07-01");
    await user.clear(field("Start"));
    await user.type(field("Start"), "09:30");
    await user.clear(field("End"));
    await user.type(field("End"), "10:15");
    await user.clear(field("Guests (emails)"));
    await user.type(field("Guests (emails)"), "lead@example.com, boss@example.com");
    await user.click(screen.getByRole("button", { name: "Save changes" }));

    expect(send).toHaveBeenCalledWith("editBooking", {
      id: booking().id,
      edit: {
        summary: "Intro call (moved)",
        // July: New York is on daylight time.
        start: "2030-07-01T09:30:00-04:00",
        end: "2030-07-01T10:15:00-04:00",
        guests: ["lead@example.com", "boss@example.com"],
      },
    });
    // While the background works, the buttons say so and cannot be pressed twice.
    const saving = screen.getByRole("button", { name: "Saving…" }) as HTMLButtonElement;
    expect(saving.disabled).toBe(true);
    expect((screen.getByRole("button", { name: "Discard changes" }) as HTMLButtonElement).disabled).toBe(true);
    await user.keyboard("{Escape}");
    expect(onDone).not.toHaveBeenCalled();
    answer({ ok: true, value: booking() });
    await waitFor(() => expect(onDone).toHaveBeenCalledWith(true));
  });

  it("bad fields: errors inline, linked and announced, focus on the first, nothing sent, axe-clean", async () => {
    const { user, view, field } = renderForm();
    await user.clear(field("Title"));
    await user.clear(field("Guests (emails)"));
    await user.type(field("Guests (emails)"), "not-an-email");
    await user.click(screen.getByRole("button", { name: "Save changes" }));

    expect(send).not.toHaveBeenCalled();
    const alerts = screen.getAllByRole("alert").map((a) => a.textContent);
    expect(alerts).toEqual(["Enter a title.", "Check the guests: each must be an email address."]);
    expect(field("Title").getAttribute("aria-invalid")).toBe("true");
    expect(document.getElementById(field("Title").getAttribute("aria-describedby") ?? "")?.textContent).toBe(
      "Enter a title.",
    );
    expect(document.activeElement).toBe(field("Title"));
    expect(await axeViolations(view.container)).toEqual([]);
    // Typing into a field clears its error.
    await user.type(field("Title"), "Back");
    expect(field("Title").getAttribute("aria-invalid")).toBeNull();
  });

  it("a time already passed is refused before anything is sent", async () => {
    const { user, field } = renderForm();
    await user.clear(field("Date"));
    await user.type(field("Date"), "2020-01-01");
    await user.click(screen.getByRole("button", { name: "Save changes" }));
    expect(send).not.toHaveBeenCalled();
    expect(screen.getByRole("alert").textContent).toBe("That time has already passed.");
    expect(document.activeElement).toBe(field("Start"));
  });

  it("a refusal from the background shows what to do, keeps the form open and editable, axe-clean", async () => {
    send.mockResolvedValue({ ok: false, error: { code: "errStartPast", message: "start in the past" } });
    const { user, view, onDone } = renderForm();
    await user.click(screen.getByRole("button", { name: "Save changes" }));
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toBe("That time has already passed.");
    expect(onDone).not.toHaveBeenCalled();
    expect((screen.getByRole("button", { name: "Save changes" }) as HTMLButtonElement).disabled).toBe(false);
    expect(await axeViolations(view.container)).toEqual([]);
  });

  it("a broken channel reads as an unexpected error, not a crash", async () => {
    send.mockRejectedValue(new Error("Could not establish connection"));
    const { user } = renderForm();
    await user.click(screen.getByRole("button", { name: "Save changes" }));
    expect((await screen.findByRole("alert")).textContent).toBe(
      "Something went wrong. Try again; if it keeps failing, reload the extension.",
    );
  });

  it("Escape or Discard changes closes without saving", async () => {
    const { user, onDone } = renderForm();
    await user.keyboard("{Escape}");
    expect(onDone).toHaveBeenLastCalledWith(false);
    await user.click(screen.getByRole("button", { name: "Discard changes" }));
    expect(onDone).toHaveBeenCalledTimes(2);
    expect(send).not.toHaveBeenCalled();
  });
});
