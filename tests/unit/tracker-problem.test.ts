import { beforeEach, describe, expect, it, vi } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { PROBLEM_REPEAT_MS, reportProblem } from "@/utils/background/tracker/problem";
import { AuthRequiredError } from "@/utils/google/auth";
import { GoogleApiError } from "@/utils/google/errors";

const NOW = Date.parse("2026-11-20T12:00:00Z");

beforeEach(() => {
  vi.useFakeTimers({ now: NOW, toFake: ["Date"] });
});

describe("reportProblem", () => {
  it("shows a problem once, not on every poll, then again after a while or when it changes", async () => {
    const create = vi.spyOn(fakeBrowser.notifications, "create");
    expect(await reportProblem("b1", "Intro call", new AuthRequiredError(), NOW)).toBe(true);
    const shown = fakeBrowser.notifications.getAllCreateOptions()["lc-problem:b1"];
    expect(shown?.title).toContain("Intro call");
    expect(shown?.message).toBeTruthy();
    expect(shown?.message).not.toBe("errSignInRequired"); // a real sentence, not the key
    expect(await reportProblem("b1", "Intro call", new AuthRequiredError(), NOW + 60_000)).toBe(false);
    expect(await reportProblem("b2", "Demo", new AuthRequiredError(), NOW + 60_000)).toBe(true);
    const forbidden = new GoogleApiError("forbidden", 403, "forbiddenForNonOrganizer", "no");
    expect(await reportProblem("b1", "Intro call", forbidden, NOW + 120_000)).toBe(true);
    expect(await reportProblem("b1", "Intro call", forbidden, NOW + 120_000 + PROBLEM_REPEAT_MS)).toBe(true);
    expect(create).toHaveBeenCalledTimes(4);
  });
});
