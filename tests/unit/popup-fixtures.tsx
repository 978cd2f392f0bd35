import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { vi } from "vitest";
import type { Services } from "@/utils/background/services";
import { accountItem, type GoogleAuth } from "@/utils/google/auth";
import type { CalendarClient } from "@/utils/google/calendar-client";
import type { WorkerClient } from "@/utils/worker-client";
import { fakeCreateCheckout } from "./fixtures";

/** Background services for popup tests: a signed-in-able account, calendars and a Worker that answers. */
export function stubServices(over: { insertEvent?: CalendarClient["insertEvent"] } = {}) {
  const calendar = {
    listCalendars: vi.fn(async () => [
      { id: "primary", summary: "Ana", primary: true, accessRole: "owner" as const },
      { id: "team@example.com", summary: "Team", accessRole: "writer" as const },
      { id: "holidays", summary: "Holidays", accessRole: "reader" as const },
    ]),
    freeBusy: vi.fn(async () => ({ calendars: { primary: { busy: [] } } })),
    insertEvent:
      over.insertEvent ?? vi.fn(async (_c: string, e: { id?: string }) => ({ ...e, htmlLink: "https://cal/x" })),
    getEvent: vi.fn(),
  } as unknown as CalendarClient;
  const worker = {
    createCheckout: fakeCreateCheckout(),
  } as unknown as WorkerClient;
  const auth = {
    signIn: vi.fn(async () => {
      await accountItem.setValue({ email: "ana@example.com" });
      return { email: "ana@example.com" };
    }),
    signOut: vi.fn(async () => accountItem.setValue(null)),
  } as unknown as GoogleAuth;
  const services: Services = {
    auth,
    calendar,
    worker: async () => worker,
    openTab: vi.fn(async () => {}),
    extensionId: () => "extid",
  };
  return services;
}

/** Signs in, renders `ui` and waits for the account to show. */
export async function renderSignedIn(ui: React.ReactElement, signedInText = "Signed in as ana@example.com") {
  await accountItem.setValue({ email: "ana@example.com" });
  const user = userEvent.setup();
  const view = render(ui);
  await screen.findByText(signedInText);
  return { user, view };
}
