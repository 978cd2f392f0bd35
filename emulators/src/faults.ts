// Fault injection: make the next N matching requests slow and/or fail with a provider-shaped
// error, so clients' retry, backoff and error handling can be exercised deterministically.
import type { Context, MiddlewareHandler } from "hono";
import type { Provider } from "./types.ts";
import { randomHex, sleep } from "./util.ts";

/** A registered fault. */
export interface Fault {
  id: string;
  provider: Provider | "*";
  /** Glob over the request path (`*` matches anything, including `/`); `/regex/` for a regex. */
  path: string;
  method: string | null;
  /** Status to answer with; null = only delay, then serve normally. */
  status: number | null;
  /** Optional response body replacing the provider-shaped default. */
  body: unknown;
  /** Remaining matches; the fault disappears at 0. */
  count: number;
  delayMs: number;
  hits: number;
}

function matcher(pattern: string): RegExp {
  if (pattern.length > 2 && pattern.startsWith("/") && pattern.endsWith("/")) return new RegExp(pattern.slice(1, -1));
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*");
  return new RegExp(`^${escaped}$`);
}

/** Parses and validates a fault spec from the control API; returns an error message when invalid. */
export function parseFault(input: unknown): Fault | string {
  if (typeof input !== "object" || input === null) return "body must be a JSON object";
  const o = input as Record<string, unknown>;
  const provider = o.provider ?? "*";
  if (!["google", "paypal", "binance", "mercadopago", "*"].includes(String(provider))) return "unknown provider";
  const path = o.path ?? o.pathPattern ?? "*";
  if (typeof path !== "string") return "path must be a string";
  try {
    matcher(path);
  } catch {
    return "path is not a valid pattern";
  }
  const status = o.status ?? null;
  if (status !== null && (typeof status !== "number" || status < 200 || status > 599)) return "status must be 200-599";
  const count = o.count ?? 1;
  if (typeof count !== "number" || !Number.isInteger(count) || count < 1 || count > 10_000)
    return "count must be 1-10000";
  const delayMs = o.delayMs ?? 0;
  if (typeof delayMs !== "number" || delayMs < 0 || delayMs > 60_000) return "delayMs must be 0-60000";
  if (status === null && delayMs === 0) return "give a status, a delayMs, or both";
  return {
    id: `FLT-${randomHex(6)}`,
    provider: provider as Provider | "*",
    path,
    method: typeof o.method === "string" ? o.method.toUpperCase() : null,
    status: status as number | null,
    body: o.body ?? null,
    count,
    delayMs,
    hits: 0,
  };
}

/** Middleware that applies the first matching fault; control routes are never faulted. */
export function faultMiddleware(
  provider: Provider,
  faults: Fault[],
  errorBody: (status: number) => unknown,
): MiddlewareHandler {
  return async (c: Context, next) => {
    const path = c.req.path;
    if (path.startsWith("/__emulator")) return next();
    const idx = faults.findIndex(
      (f) =>
        (f.provider === "*" || f.provider === provider) &&
        (f.method === null || f.method === c.req.method) &&
        f.count > 0 &&
        matcher(f.path).test(path),
    );
    const fault = faults[idx];
    if (!fault) return next();
    fault.count--;
    fault.hits++;
    if (fault.count === 0) faults.splice(idx, 1);
    if (fault.delayMs > 0) await sleep(fault.delayMs);
    if (fault.status === null) return next();
    const body = fault.body ?? errorBody(fault.status);
    return c.json(body as object, fault.status as 400);
  };
}
