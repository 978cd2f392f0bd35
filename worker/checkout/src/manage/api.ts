// Calls from the manage page to its own Worker (same origin).
import type { SlotsResponse } from "../../../../utils/api/booking-page";
import type { ManageCancelResponse, ManageRescheduleResponse, ManageView } from "../../../../utils/api/manage";
import { PageApiError } from "../api";

async function call<T>(path: string, body?: unknown): Promise<T> {
  const res = await fetch(`/v1/manage/${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json().catch(() => null)) as { error?: { code?: string } } | null;
  if (!res.ok) throw new PageApiError(res.status, json?.error?.code ?? "error");
  return json as T;
}

export const manageApi = {
  view: (token: string) => call<ManageView>(token),
  slots: (token: string, from: string, to: string) => call<SlotsResponse>(`${token}/slots?from=${from}&to=${to}`),
  cancel: (token: string) => call<ManageCancelResponse>(`${token}/cancel`, {}),
  reschedule: (token: string, start: string) => call<ManageRescheduleResponse>(`${token}/reschedule`, { start }),
};

/** `/manage/<token>` or `/manage/<token>/receipt`. */
export function manageRoute(pathname: string): { token: string; receipt: boolean } | null {
  const m = pathname.match(/^\/manage\/([A-Za-z0-9_-]{22})(\/receipt)?\/?$/);
  return m?.[1] ? { token: m[1], receipt: Boolean(m[2]) } : null;
}

/** "YYYY-MM-DD" of an instant in a zone. */
export function dayIn(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(
    new Date(ms),
  );
}
