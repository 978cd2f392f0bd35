import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import axe from "axe-core";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { OptionsApp } from "@/components/OptionsApp";
import { currentLanguage, setLanguageOverride, t } from "@/utils/i18n";
import { DEFAULT_SETTINGS, effectiveWorkerUrl, settingsItem } from "@/utils/settings";
import { useSettingsStore } from "@/utils/stores/settings-store";
import { holdLimitsItem } from "@/utils/worker-limits";
import esMessages from "../../public/_locales/es/messages.json";

beforeEach(async () => {
  useSettingsStore.setState({ settings: null, errors: {}, saved: false });
  // This Worker holds at most 48 h (as its /healthz said a moment ago).
  await holdLimitsItem.setValue({
    workerUrl: effectiveWorkerUrl(DEFAULT_SETTINGS),
    limits: { minHoldMinutes: 15, maxHoldHours: 48 },
    fetchedAt: Date.now(),
  });
});

describe("options page", () => {
  it("shows every setting with a visible label and has no axe violations", async () => {
    const { container } = render(<OptionsApp />);
    for (const label of [
      "Worker URL",
      "Hold length (hours)",
      "Delete the event",
      "Keep the event, marked cancelled",
      "Event reminders (minutes before, comma-separated)",
      "Payment reminders for unpaid holds (minutes before the hold ends, comma-separated)",
      "Default duration (minutes)",
      "Default calendar",
      "Add Google Meet by default",
      "Language",
    ]) {
      expect(await screen.findByLabelText(label)).toBeTruthy();
    }
    const results = await axe.run(container);
    expect(results.violations.map((v) => v.id)).toEqual([]);
  });

  it("validates the Worker URL, hold and reminders and does not save invalid values", async () => {
    const user = userEvent.setup();
    const { container } = render(<OptionsApp />);
    await user.type(await screen.findByLabelText("Worker URL"), "http://evil.example");
    await user.clear(screen.getByLabelText("Hold length (hours)"));
    await user.type(screen.getByLabelText("Hold length (hours)"), "0");
    await user.clear(screen.getByLabelText(/Event reminders/));
    await user.type(screen.getByLabelText(/Event reminders/), "10, soon");
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByText(/Enter an https:\/\/ URL/)).toBeTruthy();
    expect(screen.getByText("Enter whole hours, from 1 up to your Worker's maximum.")).toBeTruthy();
    expect(screen.getByText(/Up to 5 whole numbers of minutes/)).toBeTruthy();
    expect(await settingsItem.getValue()).toEqual(DEFAULT_SETTINGS);
    const results = await axe.run(container);
    expect(results.violations.map((v) => v.id)).toEqual([]);
  });

  it("takes the hold length's maximum from the Worker", async () => {
    const user = userEvent.setup();
    render(<OptionsApp />);
    const hold = await screen.findByLabelText("Hold length (hours)");
    expect(await screen.findByText("Your Worker holds a time for at most 48 h, and at least 15 min.")).toBeTruthy();
    expect(hold.getAttribute("max")).toBe("48");
    await user.clear(hold);
    await user.type(hold, "72");
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByText("Enter whole hours, from 1 up to your Worker's maximum.")).toBeTruthy();
    expect((await settingsItem.getValue()).holdHours).toBe(DEFAULT_SETTINGS.holdHours);
    await user.clear(hold);
    await user.type(hold, "48");
    await user.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(async () => expect((await settingsItem.getValue()).holdHours).toBe(48));
  });

  it("saves valid settings", async () => {
    const user = userEvent.setup();
    render(<OptionsApp />);
    await user.type(await screen.findByLabelText("Worker URL"), "https://lc.example.workers.dev/");
    await user.click(screen.getByLabelText("Keep the event, marked cancelled"));
    await user.clear(screen.getByLabelText(/Event reminders/));
    await user.type(screen.getByLabelText(/Event reminders/), "30");
    await user.clear(screen.getByLabelText(/Payment reminders/));
    await user.type(screen.getByLabelText(/Payment reminders/), "120, 15");
    await user.click(screen.getByLabelText("Add Google Meet by default"));
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByText("Saved.")).toBeTruthy();
    expect(await settingsItem.getValue()).toMatchObject({
      workerUrl: "https://lc.example.workers.dev",
      expiryAction: "keep_cancelled",
      reminderMinutes: [30],
      paymentReminderMinutes: [120, 15],
      meetByDefault: true,
    });
  });
});

describe("language override", () => {
  it("loads the chosen catalogue from the package instead of chrome.i18n, and back to auto", async () => {
    const fetchStub = vi.spyOn(globalThis, "fetch").mockResolvedValue(new Response(JSON.stringify(esMessages)));
    await setLanguageOverride("es");
    expect(String(fetchStub.mock.calls[0]?.[0])).toMatch(/\/_locales\/es\/messages\.json$/);
    expect(t("optionsTitle")).toBe("Opciones de LeadsCalendar");
    expect(t("signedInAs", "ana@example.com")).toBe("Sesión iniciada como ana@example.com");
    expect(currentLanguage()).toBe("es");
    await setLanguageOverride("auto");
    expect(t("optionsTitle")).toBe("LeadsCalendar options");
  });
});
