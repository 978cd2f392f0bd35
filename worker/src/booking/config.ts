import { isValidZone } from "../../../utils/time-zones";
import type { Env } from "../env";
import { fromBase64 } from "../verify/encoding";

/** The booking page's settings (README "Booking page configuration"). */
export interface BookingConfig {
  /** The host: the only Google account the Worker connects and the only admin of `/v1/admin/*`. */
  adminEmail: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  calendarId: string;
  /** Default zone of the page until the host saves one. */
  hostTimeZone: string;
  /** Raw AES-256 key (32 bytes) for the refresh token at rest. */
  encryptionKey: Uint8Array;
  pageHoldMinutes: number;
  google: { authUrl: string; tokenUrl: string; apiBase: string; userinfoUrl: string };
}

/** The readers `config.ts` validates every setting with (names of problems only, never values). */
export interface Readers {
  str(name: keyof Env): string | undefined;
  url(name: keyof Env, fallback?: string): string | undefined;
  positive(name: keyof Env, fallback: number): number;
  problems: string[];
}

/**
 * Reads the booking page's settings. All-or-nothing like a provider: without ADMIN_EMAIL,
 * AUTH_GOOGLE_ID, AUTH_GOOGLE_SECRET and a valid TOKEN_ENCRYPTION_KEY the page is off (null).
 */
export function readBookingConfig(r: Readers, publicBaseUrl: string): BookingConfig | null {
  const adminEmail = r.str("ADMIN_EMAIL")?.toLowerCase();
  const clientId = r.str("AUTH_GOOGLE_ID");
  const clientSecret = r.str("AUTH_GOOGLE_SECRET");
  const keyText = r.str("TOKEN_ENCRYPTION_KEY");
  const given = [adminEmail, clientId, clientSecret, keyText].filter((x) => x !== undefined).length;
  if (given === 0) return null;
  const missing = Object.entries({
    ADMIN_EMAIL: adminEmail,
    AUTH_GOOGLE_ID: clientId,
    AUTH_GOOGLE_SECRET: clientSecret,
    TOKEN_ENCRYPTION_KEY: keyText,
  })
    .filter(([, v]) => v === undefined)
    .map(([k]) => k);
  if (missing.length) {
    r.problems.push(`booking page off: missing ${missing.join(", ")}`);
    return null;
  }
  const key = fromBase64(keyText as string);
  if (key?.length !== 32) {
    r.problems.push("booking page off: TOKEN_ENCRYPTION_KEY must be 32 bytes, base64");
    return null;
  }
  let hostTimeZone = r.str("HOST_TIME_ZONE") ?? "America/Argentina/Buenos_Aires";
  if (!isValidZone(hostTimeZone)) {
    r.problems.push("HOST_TIME_ZONE is not an IANA zone, using America/Argentina/Buenos_Aires");
    hostTimeZone = "America/Argentina/Buenos_Aires";
  }
  const u = (name: keyof Env, fallback: string) => r.url(name, fallback) ?? fallback;
  return {
    adminEmail: adminEmail as string,
    clientId: clientId as string,
    clientSecret: clientSecret as string,
    redirectUri: u("GOOGLE_REDIRECT_URI", `${publicBaseUrl}/admin/google/callback`),
    calendarId: r.str("CALENDAR_ID") ?? "primary",
    hostTimeZone,
    encryptionKey: key,
    pageHoldMinutes: r.positive("PAGE_HOLD_MINUTES", 15),
    google: {
      authUrl: u("GOOGLE_AUTH_URL", "https://accounts.google.com/o/oauth2/v2/auth"),
      tokenUrl: u("GOOGLE_TOKEN_URL", "https://oauth2.googleapis.com/token"),
      apiBase: u("GOOGLE_API_BASE", "https://www.googleapis.com"),
      userinfoUrl: u("GOOGLE_USERINFO_URL", "https://openidconnect.googleapis.com/v1/userinfo"),
    },
  };
}
