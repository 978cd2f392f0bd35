import { act, render, screen } from "@testing-library/react";
import axe from "axe-core";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { PageBookingView } from "@/utils/api/booking-page";
import { Booked } from "../../worker/checkout/src/Booked";
import { BOOKED_STRINGS } from "../../worker/checkout/src/booked-strings";

// The booking-page part of the checkout page (what a lead sees after paying): every state, in
// each language, with the lead's and the host's times, and axe-clean.

const view = (over: Partial<PageBookingView> = {}): PageBookingView => ({
  reservationId: "r1",
  typeId: "intro",
  title: "Intro call",
  start: "2030-01-08T18:00:00Z",
  end: "2030-01-08T18:30:00Z",
  hostTimeZone: "America/Argentina/Buenos_Aires",
  leadTimeZone: "Europe/Madrid",
  state: "booked",
  meetLink: "https://meet.google.com/abc-defg-hij",
  icsUrl: "/book/ics/r1",
  rebookUrl: "/book/intro",
  ...over,
});

afterEach(() => vi.useRealTimers());

describe("Booked", () => {
  it.each(["en", "es", "pt-BR"] as const)(
    "booked (%s): both zones' times, Meet, .ics and the manage link, axe-clean",
    async (locale) => {
      const t = BOOKED_STRINGS[locale];
      const { container } = render(
        <Booked booking={view()} locale={locale} onRefresh={() => {}} manageUrl="/manage/tok" />,
      );
      expect(screen.getByRole("heading", { name: t.bookedTitle })).toBeTruthy();
      const text = container.textContent ?? "";
      // 18:00 UTC is 19:00 in Madrid and 15:00 in Buenos Aires.
      expect(text).toMatch(/7:00|19:00/);
      expect(text).toMatch(/3:00|15:00/);
      expect(text).toContain("(Europe/Madrid)");
      expect(text).toContain("(America/Argentina/Buenos_Aires)");
      expect(screen.getByRole("link", { name: t.meet }).getAttribute("href")).toBe(
        "https://meet.google.com/abc-defg-hij",
      );
      expect(screen.getByRole("link", { name: t.ics }).getAttribute("download")).toBe("intro.ics");
      expect(screen.getByRole("link", { name: t.manage }).getAttribute("href")).toBe("/manage/tok");
      const results = await axe.run(container);
      expect(results.violations.map((v) => v.id)).toEqual([]);
    },
  );

  it("the lead in the host's zone sees one time only", () => {
    const { container } = render(
      <Booked booking={view({ leadTimeZone: "America/Argentina/Buenos_Aires" })} locale="en" onRefresh={() => {}} />,
    );
    expect(container.querySelectorAll("dd")).toHaveLength(1);
    expect(screen.queryByRole("link", { name: BOOKED_STRINGS.en.manage })).toBeNull();
  });

  it("creating: says so and asks again every 2 s until the event exists", () => {
    vi.useFakeTimers();
    const onRefresh = vi.fn();
    render(<Booked booking={view({ state: "creating" })} locale="en" onRefresh={onRefresh} />);
    expect(screen.getByRole("status").textContent).toBe(BOOKED_STRINGS.en.creatingBody);
    act(() => {
      vi.advanceTimersByTime(4100);
    });
    expect(onRefresh).toHaveBeenCalledTimes(2);
  });

  it.each([
    ["slot_lost", "slotLostBody"],
    ["released", "releasedBody"],
  ] as const)("%s: says why and links back to the free slots", (state, key) => {
    render(<Booked booking={view({ state })} locale="es" onRefresh={() => {}} />);
    expect(screen.getByRole("status").textContent).toBe(BOOKED_STRINGS.es[key]);
    expect(screen.getByRole("link", { name: BOOKED_STRINGS.es.pickAnother }).getAttribute("href")).toBe("/book/intro");
  });

  it("cancelled: says so, and held renders nothing", () => {
    const { container, rerender } = render(
      <Booked booking={view({ state: "held" })} locale="en" onRefresh={() => {}} />,
    );
    expect(container.textContent).toBe("");
    rerender(<Booked booking={view({ state: "cancelled" })} locale="pt-BR" onRefresh={() => {}} />);
    expect(screen.getByRole("status").textContent).toBe(BOOKED_STRINGS["pt-BR"].cancelledBody);
  });
});
