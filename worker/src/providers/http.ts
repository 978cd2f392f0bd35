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

/** fetch + JSON with a timeout; non-2xx becomes a ProviderError carrying the parsed body's code. */
export async function fetchJson<T>(
  provider: string,
  url: string,
  init: RequestInit,
  codeOf: (body: unknown) => string,
): Promise<{ status: number; body: T }> {
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
  return { status: res.status, body: body as T };
}

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
