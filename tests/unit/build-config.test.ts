import { describe, expect, it } from "vitest";
import { DEFAULT_BUILD_CONFIG, hostPermissions, resolveBuildConfig, toMatchPattern } from "@/utils/build-config";

describe("build configuration → manifest", () => {
  it("defaults to the real Google endpoints and a local Worker", () => {
    expect(resolveBuildConfig({})).toEqual(DEFAULT_BUILD_CONFIG);
  });

  it("reads WXT_* variables, trimming whitespace and trailing slashes", () => {
    const c = resolveBuildConfig({ WXT_WORKER_URL: " https://lc.example.workers.dev/ ", WXT_GOOGLE_CLIENT_ID: "id" });
    expect(c.workerUrl).toBe("https://lc.example.workers.dev");
    expect(c.googleClientId).toBe("id");
    expect(c.googleApiUrl).toBe("https://www.googleapis.com");
  });

  it.each([
    ["https://lc.example.workers.dev", "https://lc.example.workers.dev/*"],
    ["http://127.0.0.1:8787", "http://127.0.0.1/*"],
    ["https://openidconnect.googleapis.com/v1/userinfo", "https://openidconnect.googleapis.com/*"],
  ])("%s → %s", (url, pattern) => {
    expect(toMatchPattern(url)).toBe(pattern);
  });

  it("asks host permission only for the Google hosts it calls and the Worker, once each", () => {
    expect(hostPermissions(DEFAULT_BUILD_CONFIG)).toEqual([
      "https://www.googleapis.com/*",
      "https://oauth2.googleapis.com/*",
      "https://openidconnect.googleapis.com/*",
      "http://127.0.0.1/*",
    ]);
    const emulated = resolveBuildConfig({
      WXT_WORKER_URL: "http://127.0.0.1:9787",
      WXT_GOOGLE_API_URL: "http://127.0.0.1:9788",
      WXT_GOOGLE_TOKEN_URL: "http://127.0.0.1:9788/token",
      WXT_GOOGLE_USERINFO_URL: "http://127.0.0.1:9788/v1/userinfo",
    });
    expect(hostPermissions(emulated)).toEqual(["http://127.0.0.1/*"]);
  });
});
