// Scale on paper: Worker requests, CPU time and D1 rows per booking, and what 1 million bookings a
// month would cost on Cloudflare's published Workers Paid (Standard) + D1 prices. The request and
// row counts come from reading the Worker's routes (worker/src), not from Cloudflare's meters,
// which `wrangler dev` does not have; CPU time is bounded by what this run measured.

/** Published prices used (USD), with where they were read. */
export const PRICES = {
  baseMonthly: 5,
  requestsIncluded: 10_000_000,
  perMillionRequests: 0.3,
  cpuMsIncluded: 30_000_000,
  perMillionCpuMs: 0.02,
  d1RowsReadIncluded: 25_000_000_000,
  perMillionRowsRead: 0.001,
  d1RowsWrittenIncluded: 50_000_000,
  perMillionRowsWritten: 1.0,
  d1StorageIncludedGB: 5,
  perGBMonth: 0.75,
};

/** Sources of {@link PRICES}, as stored by the search tool's docs corpus. */
export const PRICE_SOURCES = [
  "Workers Standard requests and CPU time: https://developers.cloudflare.com/workflows/reference/pricing/ " +
    '("Workflows pricing is identical to Workers Standard pricing": 10 million requests included per month + $0.30 per additional million; ' +
    "30 million CPU milliseconds included + $0.02 per additional million CPU ms). The stored copy shows no date.",
  "D1 rows and storage on Workers Paid: https://developers.cloudflare.com/d1/platform/pricing/ as transcribed in " +
    "api-evangelist/cloudflare-d1 plans/cloudflare-d1-plans-pricing.yml and finops/cloudflare-d1-finops.yml " +
    "(25 billion rows read included per month, then $0.001 per million; 50 million rows written included, then $1.00 per million; 5 GB included). " +
    "The official page itself was not in the stored corpus; the transcription shows no date.",
  "Workers Paid base of $5/month and D1 storage at $0.75/GB-month: the halideworks/onelight wiki page 'Pricing' " +
    '("Cloudflare rates read 2026-08-03"), which agrees with the two sources above on every shared number.',
];

/** One Worker request a booking causes, with the D1 rows it reads and writes (from the code). */
export interface RequestStep {
  what: string;
  requests: number;
  rowsRead: number;
  rowsWritten: number;
}

/**
 * A PayPal booking paid on the hosted page, which stays open ~30 s and polls every second (its
 * first two minutes; every 3 s after that — worker/checkout/src/App.tsx); the page
 * tells the extension, which asks the Worker once. Rows written count index entries too (D1 bills
 * an extra written row per index touched by a write).
 */
export const BOOKING_STEPS: RequestStep[] = [
  {
    what: "POST /v1/checkouts (rate-limit upsert, lookup, insert checkout + 2 indexes)",
    requests: 1,
    rowsRead: 2,
    rowsWritten: 4,
  },
  {
    what: "GET /pay/:checkoutId (the page's HTML; its JS/CSS are static assets, not billed)",
    requests: 1,
    rowsRead: 0,
    rowsWritten: 0,
  },
  {
    what: "GET /v1/pay/:checkoutId on load + every second while open (~30 s)",
    requests: 31,
    rowsRead: 31,
    rowsWritten: 0,
  },
  {
    what: "POST …/paypal/orders (lookup, insert provider order + 3 indexes)",
    requests: 1,
    rowsRead: 1,
    rowsWritten: 4,
  },
  {
    what: "POST …/paypal/orders/:id/capture (lookups; payment insert, checkout and order updates, each + 1 index)",
    requests: 1,
    rowsRead: 6,
    rowsWritten: 6,
  },
  {
    what: "POST /webhooks/paypal PAYMENT.CAPTURE.COMPLETED after the capture (dedupe, lookups, event row)",
    requests: 1,
    rowsRead: 5,
    rowsWritten: 1,
  },
  { what: "GET /v1/checkouts/:bookingId from the extension (message path)", requests: 1, rowsRead: 2, rowsWritten: 0 },
];

/** Per-booking totals and the monthly bill for `bookings` bookings. */
export function scaleOnPaper(bookings: number, cpuMsPerRequest: { webhook: number; other: number }) {
  const sum = (k: "requests" | "rowsRead" | "rowsWritten") => BOOKING_STEPS.reduce((s, x) => s + x[k], 0);
  const perBooking = {
    requests: sum("requests"),
    rowsRead: sum("rowsRead"),
    rowsWritten: sum("rowsWritten"),
    cpuMs: cpuMsPerRequest.webhook + (sum("requests") - 1) * cpuMsPerRequest.other,
  };
  const requests = perBooking.requests * bookings;
  const cpuMs = perBooking.cpuMs * bookings;
  const rowsRead = perBooking.rowsRead * bookings;
  const rowsWritten = perBooking.rowsWritten * bookings;
  const over = (used: number, included: number) => Math.max(0, used - included) / 1e6;
  const cost = {
    base: PRICES.baseMonthly,
    requests: over(requests, PRICES.requestsIncluded) * PRICES.perMillionRequests,
    cpu: over(cpuMs, PRICES.cpuMsIncluded) * PRICES.perMillionCpuMs,
    rowsRead: over(rowsRead, PRICES.d1RowsReadIncluded) * PRICES.perMillionRowsRead,
    rowsWritten: over(rowsWritten, PRICES.d1RowsWrittenIncluded) * PRICES.perMillionRowsWritten,
  };
  const total = Object.values(cost).reduce((s, x) => s + x, 0);
  return { perBooking, monthly: { requests, cpuMs, rowsRead, rowsWritten }, cost, total };
}
