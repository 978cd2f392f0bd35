import { render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { App } from "../../worker/checkout/src/App";
import { returnedFrom } from "../../worker/checkout/src/api";

// The hosted checkout page when a payer comes back from a provider (`?returned=<provider>` on the
// return URL): it asks the Worker to ask that provider before showing the status, so a held
// webhook does not keep the payer waiting.

const ID = "AAAAAAAAAAAAAAAAAAAAAA";
const view = (status: string) => ({
  checkoutId: ID,
  bookingId: "b1",
  summary: "Intro call",
  start: "2030-01-08T15:00:00Z",
  end: "2030-01-08T15:30:00Z",
  timeZone: "UTC",
  holdUntil: "2030-01-07T15:00:00Z",
  secondsLeft: 3600,
  status,
  amount: { value: "1.00", currency: "USD" },
  prices: { binance: { value: "1.00", currency: "USDT" } },
  providers: ["binance"],
  locale: "en",
  paypal: null,
  extensionIds: [],
  mercadopagoFailure: null,
  organizer: null,
  refundable: false,
  receipt: null,
  booking: null,
});

afterEach(() => {
  vi.restoreAllMocks();
  window.history.replaceState(null, "", "/");
});

describe("returnedFrom", () => {
  it.each([
    ["?returned=binance", "binance"],
    ["?returned=mercadopago&status=approved", "mercadopago"],
    ["?returned=stripe", null],
    ["?paypal=captured", null],
  ])("%s → %s", (search, want) => {
    expect(returnedFrom(new URLSearchParams(search))).toBe(want);
  });
});

describe("arriving back from a provider", () => {
  it("asks the Worker to reconcile with that provider, then shows the paid status", async () => {
    const calls: string[] = [];
    let paid = false;
    vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
      const url = String(input);
      calls.push(`${init?.method ?? "GET"} ${url} ${init?.body ?? ""}`);
      if (url.endsWith("/reconcile")) {
        paid = true;
        return new Response(JSON.stringify({ status: "paid" }));
      }
      return new Response(JSON.stringify(view(paid ? "paid" : "open")));
    });
    window.history.replaceState(null, "", `/pay/${ID}?returned=binance`);
    render(<App />);
    await waitFor(() => expect(screen.getAllByRole("status").some((e) => /Paid/.test(e.textContent ?? ""))).toBe(true));
    expect(calls[0]).toBe(`POST /v1/pay/${ID}/reconcile {"provider":"binance"}`);
    await waitFor(() => expect(calls.some((c) => c.startsWith(`GET /v1/pay/${ID}`))).toBe(true));
  });

  it("without ?returned= it only loads the view", async () => {
    const calls: string[] = [];
    vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
      calls.push(`${init?.method ?? "GET"} ${String(input)}`);
      return new Response(JSON.stringify(view("open")));
    });
    window.history.replaceState(null, "", `/pay/${ID}`);
    render(<App />);
    await waitFor(() => expect(calls).toContain(`GET /v1/pay/${ID}`));
    expect(calls.some((c) => c.includes("reconcile"))).toBe(false);
  });
});
