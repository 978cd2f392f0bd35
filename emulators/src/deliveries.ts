// Webhook deliveries: every notification the emulator sends is recorded with each attempt's outcome,
// retried with exponential backoff on a non-acknowledgement (bounded), and can be re-sent,
// duplicated byte for byte, sent with a broken signature, or held back — so receivers can be
// tested against the ways real providers misbehave.
import type { Provider, Settings, WebhookSigner } from "./types.ts";
import { randomHex } from "./util.ts";

/** One HTTP attempt of a delivery. */
export interface Attempt {
  at: string;
  status: number | null;
  responseBody: string;
  error: string | null;
  durationMs: number;
}

/** How a delivery came to be. */
export type DeliveryKind = "original" | "redelivery" | "duplicate" | "broken-signature";

/** A webhook delivery and its history. */
export interface Delivery {
  id: string;
  provider: Provider;
  kind: DeliveryKind;
  /** The delivery this one copies (for redelivery/duplicate/broken-signature). */
  of: string | null;
  eventId: string | null;
  url: string;
  headers: Record<string, string>;
  body: string;
  /** held → pending → delivering → succeeded | failed */
  status: "held" | "pending" | "delivering" | "succeeded" | "failed";
  attempts: Attempt[];
  createdAt: string;
}

/** Base retry delay; the n-th retry waits BASE * 2^(n-1) * retryDelayScale. */
const BASE_RETRY_MS = 1000;
const ATTEMPT_TIMEOUT_MS = 5000;
/** Finished deliveries beyond this many are forgotten, oldest first (long demo sessions). */
const MAX_KEPT = 2000;

/** The delivery queue shared by all providers. */
export class Deliveries {
  readonly items: Delivery[] = [];
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private readonly inflight = new Set<Promise<void>>();
  /** Providers whose new deliveries are held back ("*" = all). */
  readonly holding = new Set<Provider | "*">();
  private generation = 0;

  constructor(
    private readonly settings: Settings,
    private readonly signers: () => Record<Provider, WebhookSigner | undefined>,
    private readonly log: (msg: string) => void,
  ) {}

  /** Records and (unless held) sends a new signed delivery. */
  enqueue(provider: Provider, url: string, body: string, eventId?: string): Delivery {
    const signer = this.signer(provider);
    const held = this.holding.has("*") || this.holding.has(provider);
    return this.add(
      { provider, kind: "original", of: null, eventId: eventId ?? null, url, body },
      signer.sign(body, url),
      held,
    );
  }

  /** A copy of delivery `id`: re-signed, identical bytes, or with a damaged signature. */
  copy(id: string, kind: Exclude<DeliveryKind, "original">): Delivery | undefined {
    const orig = this.get(id);
    if (!orig) return undefined;
    const signer = this.signer(orig.provider);
    const headers =
      kind === "duplicate"
        ? { ...orig.headers }
        : kind === "broken-signature"
          ? signer.breakSignature(signer.sign(orig.body, orig.url))
          : signer.sign(orig.body, orig.url);
    return this.add(
      { provider: orig.provider, kind, of: orig.id, eventId: orig.eventId, url: orig.url, body: orig.body },
      headers,
      false,
    );
  }

  /** Sends held deliveries (all, or one provider's, or one id). Returns how many were released. */
  release(filter: { id?: string; provider?: Provider }): number {
    let n = 0;
    for (const d of this.items) {
      if (d.status !== "held") continue;
      if (filter.id && d.id !== filter.id) continue;
      if (filter.provider && d.provider !== filter.provider) continue;
      d.status = "pending";
      this.attempt(d, this.generation);
      n++;
    }
    return n;
  }

  get(id: string): Delivery | undefined {
    return this.items.find((d) => d.id === id);
  }

  /** Resolves when nothing is in flight or scheduled (bounded by `timeoutMs`). */
  async idle(timeoutMs = 10_000): Promise<boolean> {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      if (this.inflight.size === 0 && this.timers.size === 0) return true;
      await new Promise((r) => setTimeout(r, 10));
    }
    return false;
  }

  /** Forgets everything and cancels scheduled retries. */
  reset(): void {
    this.generation++;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.items.length = 0;
    this.holding.clear();
  }

  /** Stops retries and waits for in-flight attempts. */
  async close(): Promise<void> {
    this.reset();
    await Promise.allSettled([...this.inflight]);
  }

  private signer(provider: Provider): WebhookSigner {
    const s = this.signers()[provider];
    if (!s) throw new Error(`no webhook signer for ${provider}`);
    return s;
  }

  private add(
    base: Pick<Delivery, "provider" | "kind" | "of" | "eventId" | "url" | "body">,
    headers: Record<string, string>,
    held: boolean,
  ): Delivery {
    const d: Delivery = {
      ...base,
      id: `DLV-${randomHex(8)}`,
      headers: { "content-type": "application/json", ...headers },
      status: held ? "held" : "pending",
      attempts: [],
      createdAt: new Date().toISOString(),
    };
    this.items.push(d);
    for (let i = 0; this.items.length > MAX_KEPT && i < this.items.length; ) {
      const s = this.items[i]?.status;
      if (s === "succeeded" || s === "failed") this.items.splice(i, 1);
      else i++;
    }
    if (!held) this.attempt(d, this.generation);
    return d;
  }

  private attempt(d: Delivery, generation: number): void {
    const run = this.send(d, generation).finally(() => this.inflight.delete(run));
    this.inflight.add(run);
  }

  private async send(d: Delivery, generation: number): Promise<void> {
    d.status = "delivering";
    const started = Date.now();
    const record: Attempt = {
      at: new Date().toISOString(),
      status: null,
      responseBody: "",
      error: null,
      durationMs: 0,
    };
    try {
      const res = await fetch(d.url, {
        method: "POST",
        headers: d.headers,
        body: d.body,
        redirect: "manual",
        signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
      });
      record.status = res.status;
      record.responseBody = (await res.text()).slice(0, 2000);
    } catch (err) {
      record.error = err instanceof Error ? err.message : String(err);
    }
    record.durationMs = Date.now() - started;
    if (generation !== this.generation) return; // reset while in flight: the record is gone
    d.attempts.push(record);
    const ok = record.status !== null && this.signer(d.provider).isAck(record.status, record.responseBody);
    this.log(`webhook ${d.provider} ${d.id} attempt ${d.attempts.length}: ${record.status ?? record.error}`);
    if (ok) {
      d.status = "succeeded";
      return;
    }
    if (d.attempts.length >= this.settings.maxAttempts) {
      d.status = "failed";
      return;
    }
    d.status = "pending";
    const delay = BASE_RETRY_MS * 2 ** (d.attempts.length - 1) * this.settings.retryDelayScale;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.attempt(d, generation);
    }, delay);
    timer.unref();
    this.timers.add(timer);
  }
}
