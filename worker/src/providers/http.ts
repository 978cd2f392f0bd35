import * as v from "valibot";
import { spendCall } from "../budget";

/** A provider API call that failed: status plus the provider's own error name/code (never our secrets). */
export class ProviderError extends Error {
  constructor(
    readonly provider: string,
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(`${provider} ${status} ${code}: ${message}`);
  }
}

/** Provider calls give up after this long so a webhook or page request never hangs. */
const TIMEOUT_MS = 15_000;

/**
 * fetch + JSON with a timeout; non-2xx becomes a ProviderError carrying the parsed body's code, and
 * a 2xx body is checked against `schema` (the boundary: nothing past it trusts an unchecked shape;
 * a body that does not fit is a ProviderError `unexpected_response`).
 */
export async function fetchJson<S extends v.GenericSchema>(
  provider: string,
  url: string,
  init: RequestInit,
  codeOf: (body: unknown) => string,
  schema: S,
): Promise<{ status: number; body: v.InferOutput<S> }> {
  spendCall();
  let res: Response;
  try {
    res = await fetch(url, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (err) {
    throw new ProviderError(provider, 0, "network", err instanceof Error ? err.message : "unreachable");
  }
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (!res.ok) throw new ProviderError(provider, res.status, codeOf(body), text.slice(0, 300));
  return { status: res.status, body: parseProvider(provider, schema, body, res.status) };
}

/** Checks a provider's answer (an API response or a verified webhook resource) against a schema. */
export function parseProvider<S extends v.GenericSchema>(
  provider: string,
  schema: S,
  body: unknown,
  status = 200,
): v.InferOutput<S> {
  const parsed = v.safeParse(schema, body);
  if (parsed.success) return parsed.output;
  // Field paths only: values may be personal data.
  const where = parsed.issues
    .slice(0, 3)
    .map((i) => v.getDotPath(i) ?? "body")
    .join(", ");
  throw new ProviderError(provider, status, "unexpected_response", `unexpected shape at ${where}`);
}

/** A decimal amount as providers send it: a string, or a JSON number some APIs use. */
export const AmountSchema = v.union([v.string(), v.number()]);

/** A random string of `length` characters from `alphabet` (nonces, references). */
export function randomString(length: number, alphabet: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  let out = "";
  for (const b of bytes) out += alphabet[b % alphabet.length];
  return out;
}

/** Compares two decimal amounts exactly ("1.0" equals "1.00"), without floating point. */
export function sameAmount(a: string | number | undefined | null, b: string): boolean {
  if (a === undefined || a === null) return false;
  const norm = (x: string) => {
    const m = x.trim().match(/^(\d+)(?:\.(\d+))?$/);
    if (!m) return null;
    const frac = (m[2] ?? "").replace(/0+$/, "");
    return `${BigInt(m[1] as string)}.${frac}`;
  };
  const x = norm(String(a));
  return x !== null && x === norm(b);
}
