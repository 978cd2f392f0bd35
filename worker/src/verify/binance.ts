import { fromBase64, pemToDer, rsaSha256Verify, utf8 } from "./encoding";
import { checkTimestamp, type HeaderGetter, type VerifyResult } from "./types";

/** Inputs of Binance Pay webhook verification (docs/providers.md). */
export interface BinanceVerifyInput {
  headers: HeaderGetter;
  /** The raw body exactly as received, decoded as UTF-8. */
  body: string;
  now: Date;
  /** The PEM public key (`certPublic`) whose serial equals the header, or null when unknown. */
  getPublicKey: (certSerial: string) => Promise<string | null>;
}

/** Verifies `BinancePay-Signature`: RSA-SHA256 over `timestamp\nnonce\nbody\n` with the serial's key. */
export async function verifyBinanceWebhook(input: BinanceVerifyInput): Promise<VerifyResult> {
  const h = input.headers;
  const serial = h("binancepay-certificate-sn");
  const nonce = h("binancepay-nonce");
  const timestamp = h("binancepay-timestamp");
  const sig = h("binancepay-signature");
  if (!serial || !nonce || !timestamp || !sig) return { ok: false, reason: "missing BinancePay signature headers" };
  if (!/^\d{10,16}$/.test(timestamp)) return { ok: false, reason: "unreadable timestamp" };
  const fresh = checkTimestamp(Number(timestamp), input.now);
  if (!fresh.ok) return fresh;
  let pem: string | null;
  try {
    pem = await input.getPublicKey(serial);
  } catch (err) {
    return { ok: false, reason: `certificates unavailable (${err instanceof Error ? err.message : "fetch failed"})` };
  }
  if (!pem) return { ok: false, reason: "unknown certificate serial" };
  const spki = pemToDer(pem, "PUBLIC KEY");
  if (!spki) return { ok: false, reason: "public key is not PEM" };
  const signature = fromBase64(sig);
  if (!signature) return { ok: false, reason: "signature is not base64" };
  try {
    const ok = await rsaSha256Verify(spki, signature, utf8(`${timestamp}\n${nonce}\n${input.body}\n`));
    return ok ? { ok: true } : { ok: false, reason: "signature mismatch" };
  } catch {
    return { ok: false, reason: "public key is not an RSA key" };
  }
}

/** One entry of Binance's certificates list. */
export interface BinanceCert {
  certSerial: string;
  certPublic: string;
}

/** Limits of {@link BinanceCertCache}; the defaults follow docs/providers.md (Binance Pay). */
export interface BinanceCertCacheLimits {
  /** How long a fetched list is trusted before a lookup refreshes it. */
  ttlMs: number;
  /** After a fetch, an unknown serial waits this long before it may cause another one. */
  refetchAfterMs: number;
  /** After a failed fetch, the next one waits this long. */
  retryAfterFailureMs: number;
  /** Keys kept per merchant, and merchants kept: the cache never grows with what callers send. */
  maxKeys: number;
  maxAccounts: number;
}

interface CertEntry {
  keys: Map<string, string>;
  fetchedAt: number;
  attemptAt: number;
  failed: boolean;
  inflight: Promise<void> | null;
}

/**
 * Binance's webhook public keys per merchant account. Anyone can send a webhook with a made-up
 * `BinancePay-Certificate-SN`; looking each one up would make one signed certificates call per
 * request, so an unknown serial is answered from the cache (negative caching) and the list is
 * fetched at most once per `refetchAfterMs` (once per `retryAfterFailureMs` after a failure),
 * one fetch at a time however many requests wait for it.
 */
export class BinanceCertCache {
  private readonly accounts = new Map<string, CertEntry>();
  private readonly limits: BinanceCertCacheLimits;

  constructor(limits: Partial<BinanceCertCacheLimits> = {}) {
    this.limits = {
      ttlMs: 3600_000,
      refetchAfterMs: 5 * 60_000,
      retryAfterFailureMs: 60_000,
      maxKeys: 64,
      maxAccounts: 8,
      ...limits,
    };
  }

  /** The PEM public key for `serial` of `account`, or null when Binance does not list it. */
  async publicKey(
    account: string,
    serial: string,
    fetchList: () => Promise<BinanceCert[]>,
    now: () => number = Date.now,
  ): Promise<string | null> {
    const entry = this.entry(account);
    const known = entry.keys.get(serial) ?? null;
    const fresh = now() - entry.fetchedAt < this.limits.ttlMs;
    if (known && fresh) return known;
    // An unknown serial against a fresh list waits refetchAfterMs; a stale or missing list is
    // fetched at once, unless the last try failed moments ago.
    const wait = fresh ? this.limits.refetchAfterMs : entry.failed ? this.limits.retryAfterFailureMs : 0;
    if (!entry.inflight && now() - entry.attemptAt < wait) return known;
    entry.inflight ??= this.refresh(entry, fetchList, now).finally(() => {
      entry.inflight = null;
    });
    try {
      await entry.inflight;
    } catch (err) {
      // A key Binance listed before still verifies its own signatures while the list is unreachable.
      if (known) return known;
      throw err;
    }
    return entry.keys.get(serial) ?? null;
  }

  private entry(account: string): CertEntry {
    let entry = this.accounts.get(account);
    if (!entry) {
      entry = {
        keys: new Map(),
        fetchedAt: Number.NEGATIVE_INFINITY,
        attemptAt: Number.NEGATIVE_INFINITY,
        failed: false,
        inflight: null,
      };
      this.accounts.set(account, entry);
      for (const old of this.accounts.keys()) {
        if (this.accounts.size <= this.limits.maxAccounts) break;
        this.accounts.delete(old);
      }
    }
    return entry;
  }

  private async refresh(entry: CertEntry, fetchList: () => Promise<BinanceCert[]>, now: () => number) {
    entry.attemptAt = now();
    try {
      const list = await fetchList();
      entry.keys = new Map(list.slice(0, this.limits.maxKeys).map((c) => [c.certSerial, c.certPublic]));
      entry.fetchedAt = now();
      entry.failed = false;
    } catch (err) {
      entry.failed = true;
      throw err;
    }
  }
}
