import { describe, expect, it, vi } from "vitest";
import { describeError } from "@/utils/booking/errors";
import {
  AuthRequiredError,
  accountItem,
  createGoogleAuth,
  type IdentityApi,
  SignInCancelledError,
  tokenItem,
} from "@/utils/google/auth";

const config = {
  googleAuthUrl: "https://acc.example/o/oauth2/v2/auth",
  googleTokenUrl: "https://tok.example/token",
  googleUserinfoUrl: "https://id.example/v1/userinfo",
  googleClientId: "web-client",
  googleChromeClientId: "",
};
const REDIRECT = "https://abc.chromiumapp.org/";

function setup(opts: { redirect?: (url: URL) => string; chrome?: boolean; now?: number } = {}) {
  const flows: { url: URL; interactive?: boolean }[] = [];
  const identity: IdentityApi = {
    getRedirectURL: () => REDIRECT,
    launchWebAuthFlow: vi.fn(async ({ url, interactive }) => {
      const u = new URL(url);
      flows.push({ url: u, interactive });
      return opts.redirect
        ? opts.redirect(u)
        : `${REDIRECT}#access_token=at${flows.length}&expires_in=3600&state=${u.searchParams.get("state")}`;
    }),
    getAuthToken: vi.fn(async () => ({ token: "chrome-token" })),
    removeCachedAuthToken: vi.fn(async () => {}),
  };
  const fetchStub = vi.fn(async (url: RequestInfo | URL, _init?: RequestInit) =>
    String(url).endsWith("/userinfo")
      ? new Response(JSON.stringify({ email: "ana@example.com" }), { status: 200 })
      : new Response("", { status: 200 }),
  );
  let now = opts.now ?? 1_000_000;
  const auth = createGoogleAuth({
    config: { ...config, googleChromeClientId: opts.chrome ? "chrome-client" : "" },
    identity,
    fetch: fetchStub as unknown as typeof fetch,
    now: () => now,
    isGoogleChrome: opts.chrome ?? false,
    randomState: () => "st",
  });
  return { auth, identity, flows, fetchStub, advance: (ms: number) => (now += ms) };
}

describe("Google auth (launchWebAuthFlow)", () => {
  it.each([
    ["closing the window", () => Promise.reject(new Error("The user did not approve access."))],
    [
      "pressing Cancel on the consent page",
      (u: URL) => `${REDIRECT}?error=access_denied&state=${u.searchParams.get("state")}`,
    ],
  ] as const)("reports %s as a cancelled sign-in, not a failure", async (_name, answer) => {
    const { auth, identity } = setup();
    vi.mocked(identity.launchWebAuthFlow).mockImplementation(async ({ url }) => answer(new URL(url)));
    const e = await auth.signIn().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(SignInCancelledError);
    expect(describeError(e).code).toBe("errSignInCancelled");
    expect(await accountItem.getValue()).toBeNull();
  });

  it("signs in interactively with the implicit flow and stores the email", async () => {
    const { auth, flows } = setup();
    expect(await auth.signIn()).toEqual({ email: "ana@example.com" });
    const url = flows[0]?.url;
    expect(url?.origin + (url?.pathname ?? "")).toBe(config.googleAuthUrl);
    expect(Object.fromEntries(url?.searchParams ?? [])).toMatchObject({
      client_id: "web-client",
      redirect_uri: REDIRECT,
      response_type: "token",
      prompt: "select_account",
      state: "st",
    });
    expect(url?.searchParams.get("scope")).toContain("https://www.googleapis.com/auth/calendar.events");
    expect(flows[0]?.interactive).toBe(true);
    expect(await accountItem.getValue()).toEqual({ email: "ana@example.com" });
    expect((await tokenItem.getValue())?.accessToken).toBe("at1");
  });

  it("serves the cached token until shortly before expiry, then renews silently with prompt=none", async () => {
    const { auth, flows, advance } = setup();
    await auth.signIn();
    expect(await auth.getToken()).toBe("at1");
    advance(3600_000 - 30_000);
    expect(await auth.getToken()).toBe("at2");
    expect(flows[1]?.interactive).toBe(false);
    expect(flows[1]?.url.searchParams.get("prompt")).toBe("none");
    expect(flows[1]?.url.searchParams.get("login_hint")).toBe("ana@example.com");
  });

  it("without a signed-in account a silent request asks for sign-in instead of prompting", async () => {
    const { auth, flows } = setup();
    await expect(auth.getToken()).rejects.toBeInstanceOf(AuthRequiredError);
    expect(flows).toHaveLength(0);
  });

  it("maps a failed silent renewal to AuthRequiredError", async () => {
    const { auth, advance } = setup({
      redirect: (u) =>
        u.searchParams.get("prompt") === "none"
          ? `${REDIRECT}#error=interaction_required&state=st`
          : `${REDIRECT}#access_token=a&expires_in=60&state=st`,
    });
    await auth.signIn();
    advance(120_000);
    await expect(auth.getToken()).rejects.toBeInstanceOf(AuthRequiredError);
  });

  it("rejects a redirect whose state does not match", async () => {
    const { auth } = setup({ redirect: () => `${REDIRECT}#access_token=a&expires_in=60&state=evil` });
    await expect(auth.signIn()).rejects.toThrow(/state mismatch/);
  });

  it("invalidate drops the cached token so the next call renews", async () => {
    const { auth } = setup();
    await auth.signIn();
    await auth.invalidate("at1");
    expect(await auth.getToken()).toBe("at2");
  });

  it("sign-out revokes at <token origin>/revoke and clears token and account", async () => {
    const { auth, fetchStub } = setup();
    await auth.signIn();
    await auth.signOut();
    const call = fetchStub.mock.calls.find(([u]) => String(u).endsWith("/revoke"));
    expect(String(call?.[0])).toBe("https://tok.example/revoke");
    expect(call?.[1]?.method).toBe("POST");
    expect(String(call?.[1]?.body)).toBe("token=at1");
    expect(await tokenItem.getValue()).toBeNull();
    expect(await accountItem.getValue()).toBeNull();
  });
});

describe("Google auth (getAuthToken in Google Chrome)", () => {
  it("uses getAuthToken when a Chrome client id is configured and the browser is Google Chrome", async () => {
    const { auth, identity, flows } = setup({ chrome: true });
    expect(auth.usesGetAuthToken).toBe(true);
    await auth.signIn();
    expect(identity.getAuthToken).toHaveBeenCalledWith(expect.objectContaining({ interactive: true }));
    expect(flows).toHaveLength(0);
    await auth.invalidate("chrome-token");
    expect(identity.removeCachedAuthToken).toHaveBeenCalledWith({ token: "chrome-token" });
  });

  it("falls back to launchWebAuthFlow in other Chromium browsers", async () => {
    const { auth, flows } = setup({ chrome: false });
    expect(auth.usesGetAuthToken).toBe(false);
    await auth.signIn();
    expect(flows).toHaveLength(1);
  });
});
