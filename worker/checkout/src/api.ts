// Calls from the page to its own Worker (same origin).
import {
  type BinanceCheckoutResponse,
  type MercadoPagoCheckoutResponse,
  type PaymentCompletedMessage,
  type PayPalCaptureResponse,
  type PayPalOrderResponse,
  PROVIDERS,
  type Provider,
  type PublicCheckoutView,
} from "../../../utils/api/contract";

/** An API error with the Worker's status and code. */
export class PageApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
  ) {
    super(code);
  }
}

async function call<T>(path: string, method = "GET", payload: object = {}): Promise<T> {
  const res = await fetch(`/v1/pay/${path}`, {
    method,
    headers: method === "POST" ? { "content-type": "application/json" } : {},
    body: method === "POST" ? JSON.stringify(payload) : undefined,
  });
  const body = (await res.json().catch(() => null)) as { error?: { code?: string } } | null;
  if (!res.ok) throw new PageApiError(res.status, body?.error?.code ?? "error");
  return body as T;
}

export const api = {
  view: (id: string) => call<PublicCheckoutView>(id),
  paypalOrder: (id: string) => call<PayPalOrderResponse>(`${id}/paypal/orders`, "POST"),
  paypalCapture: (id: string, orderId: string) =>
    call<PayPalCaptureResponse>(`${id}/paypal/orders/${encodeURIComponent(orderId)}/capture`, "POST"),
  binance: (id: string) => call<BinanceCheckoutResponse>(`${id}/binance`, "POST"),
  mercadopago: (id: string) => call<MercadoPagoCheckoutResponse>(`${id}/mercadopago`, "POST"),
  /** Back from a provider's page: the Worker asks that provider where the payment stands. */
  reconcile: (id: string, provider: Provider) => call<{ status: string }>(`${id}/reconcile`, "POST", { provider }),
};

/** The provider a return URL names (`?returned=binance`), if it is one. */
export function returnedFrom(params: URLSearchParams): Provider | null {
  const p = params.get("returned");
  return (PROVIDERS as readonly string[]).includes(p ?? "") ? (p as Provider) : null;
}

/** The checkout id from `/pay/<id>`. */
export function checkoutIdFromPath(pathname: string): string | null {
  const m = pathname.match(/^\/pay\/([A-Za-z0-9_-]{22})\/?$/);
  return m?.[1] ?? null;
}

/** The part of `chrome.runtime` a web page gets from an extension's externally_connectable. */
interface PageRuntime {
  sendMessage(extensionId: string, message: unknown, callback: (response: unknown) => void): void;
  lastError?: unknown;
}

/**
 * Tells the extension that opened this page (or every configured one) that the Worker confirmed
 * the payment. The extension never trusts this message; it asks the Worker. `chrome.runtime` only
 * exists here when an installed extension lists this origin in externally_connectable.
 */
export async function notifyExtensions(ids: string[], preferred: string | null, bookingId: string): Promise<boolean> {
  const runtime = (globalThis as { chrome?: { runtime?: PageRuntime } }).chrome?.runtime;
  if (!runtime?.sendMessage) return false;
  const targets = preferred && ids.includes(preferred) ? [preferred] : ids;
  let told = false;
  const message: PaymentCompletedMessage = { type: "payment-completed", bookingId };
  for (const id of targets) {
    // Callback form: works whether or not this Chrome returns promises to web pages, and reading
    // lastError keeps "no such extension" out of the console.
    const ok = await new Promise<boolean>((resolve) => {
      try {
        runtime.sendMessage(id, message, () => resolve(!runtime.lastError));
      } catch {
        resolve(false);
      }
    });
    told ||= ok;
  }
  return told;
}
