import type {
  ApiErrorBody,
  BatchStatusResponse,
  CheckoutStatusResponse,
  CreateCheckoutRequest,
  CreateCheckoutResponse,
  HealthResponse,
  UpdateCheckoutRequest,
} from "./api/contract";

/** A non-2xx answer from the Worker (or no answer: status 0). */
export class WorkerApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "WorkerApiError";
  }

  /** Worth retrying later: network trouble, rate limiting or a Worker-side failure. */
  get retryable(): boolean {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }
}

/**
 * One JSON call to the Worker: Bearer when given, a network failure as status 0, and a non-2xx
 * answer as {@link WorkerApiError} with the Worker's own code and message. Shared by every client of
 * the Worker (checkouts here, the host's admin calls in utils/booking-page/admin-client.ts).
 */
export async function workerRequest<T>(
  doFetch: typeof fetch,
  url: string,
  method: string,
  body?: unknown,
  bearer?: string,
): Promise<T> {
  let res: Response;
  try {
    res = await doFetch(url, {
      method,
      headers: {
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
        ...(bearer ? { Authorization: `Bearer ${bearer}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new WorkerApiError(0, "network", e instanceof Error ? e.message : String(e));
  }
  const json = (await res.json().catch(() => null)) as unknown;
  if (!res.ok) {
    const err = (json as ApiErrorBody | null)?.error;
    throw new WorkerApiError(res.status, err?.code ?? `http_${res.status}`, err?.message ?? `HTTP ${res.status}`);
  }
  return json as T;
}

/**
 * Typed client of the Worker HTTP API (docs/architecture.md "HTTP API"). Secrets travel only as `Authorization: Bearer`;
 * creation sends just the hash.
 */
export function createWorkerClient(baseUrl: string, doFetch: typeof fetch = (...a) => fetch(...a)) {
  const root = baseUrl.replace(/\/+$/, "");
  const call = <T>(method: string, path: string, body?: unknown, secret?: string) =>
    workerRequest<T>(doFetch, root + path, method, body, secret);
  const id = (bookingId: string) => `/v1/checkouts/${encodeURIComponent(bookingId)}`;
  return {
    /** Idempotent on bookingId + secretHash: a replay returns the same checkout (200). */
    createCheckout: (req: CreateCheckoutRequest) => call<CreateCheckoutResponse>("POST", "/v1/checkouts", req),
    getCheckout: (bookingId: string, secret: string) =>
      call<CheckoutStatusResponse>("GET", id(bookingId), undefined, secret),
    /** The batched poll: at most 100 bookings per call. */
    batchStatus: (items: { bookingId: string; secret: string }[]) =>
      call<BatchStatusResponse>("POST", "/v1/checkouts/status", { items }),
    updateCheckout: (bookingId: string, secret: string, patch: UpdateCheckoutRequest) =>
      call<CheckoutStatusResponse>("PATCH", id(bookingId), patch, secret),
    /** Liveness, configured providers and the hold limits. */
    health: () => call<HealthResponse>("GET", "/healthz"),
    /** The user's "did they attend?" after the event; 409 names the answer already recorded. */
    answerAttendance: (bookingId: string, secret: string, attended: boolean) =>
      call<CheckoutStatusResponse>("POST", `${id(bookingId)}/attendance`, { attended }, secret),
    /** 409 when already paid. */
    cancelCheckout: (bookingId: string, secret: string) => call<unknown>("POST", `${id(bookingId)}/cancel`, {}, secret),
  };
}

export type WorkerClient = ReturnType<typeof createWorkerClient>;
