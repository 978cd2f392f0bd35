import type { AdminBooking, BookingPageSettings, BookingPageView } from "../api/booking-page";
import type { AttendanceView } from "../api/contract";
import { WorkerApiError, workerRequest } from "../worker-client";

/** What the admin client needs: the Worker origin and the signed-in Google token. */
export interface AdminClientDeps {
  baseUrl: string;
  /** A Google access token of the signed-in account (throws AuthRequiredError when signed out). */
  getToken(): Promise<string>;
  /** Forgets a token the Worker (through Google) refused. */
  invalidateToken(token: string): Promise<void>;
  fetch?: typeof fetch;
}

/**
 * One call to the Worker's `/v1/admin/*` with Bearer = the Google access token the extension
 * already has (the Worker checks it belongs to ADMIN_EMAIL). A 401 (token expired or revoked)
 * drops the token and retries once with a fresh one. Shared by every admin client.
 */
export function adminCaller(deps: AdminClientDeps) {
  const doFetch = deps.fetch ?? ((...a: Parameters<typeof fetch>) => fetch(...a));
  const root = deps.baseUrl.replace(/\/+$/, "");
  const once = <T>(method: string, path: string, token: string, body?: unknown) =>
    workerRequest<T>(doFetch, root + path, method, body, token);
  return async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const token = await deps.getToken();
    try {
      return await once<T>(method, path, token, body);
    } catch (e) {
      if (!(e instanceof WorkerApiError) || e.status !== 401) throw e;
      await deps.invalidateToken(token);
      return once<T>(method, path, await deps.getToken(), body);
    }
  };
}

/** The booking page's admin calls (docs/architecture.md "The booking page"), through {@link adminCaller}. */
export function createAdminClient(deps: AdminClientDeps) {
  const root = deps.baseUrl.replace(/\/+$/, "");
  const call = adminCaller(deps);
  return {
    /** The page's configuration and connection (403 for any account but the host's, 404 when the Worker has no page). */
    getPage: () => call<BookingPageView>("GET", "/v1/admin/booking-page"),
    /** Saves everything the host edits; answers the stored view. 400 names the field in plain words. */
    savePage: (settings: BookingPageSettings) => call<BookingPageView>("PUT", "/v1/admin/booking-page", settings),
    /** The page's bookings whose slot starts in [from, to) (RFC 3339 or host days). */
    listBookings: (from: string, to: string) =>
      call<{ bookings: AdminBooking[] }>(
        "GET",
        `/v1/admin/bookings?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
      ).then((r) => r.bookings),
    /** The host's "did they attend?" for one of the page's bookings; 409 names the answer already recorded. */
    answerAttendance: (bookingId: string, attended: boolean) =>
      call<{ bookingId: string; attendance: AttendanceView | null }>(
        "POST",
        `/v1/admin/bookings/${encodeURIComponent(bookingId)}/attendance`,
        { attended },
      ),
    /** The page that starts the host's Google connection (opened in a tab). */
    connectUrl: () => `${root}/admin/google/connect`,
  };
}

export type AdminClient = ReturnType<typeof createAdminClient>;
