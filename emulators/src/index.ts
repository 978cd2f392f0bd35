import { Hono } from "hono";
import { cors } from "hono/cors";
import { binanceFail, binanceRoutes } from "./binance.ts";
import { binanceSigner, expireAll } from "./binance-state.ts";
import { controlRoutes } from "./control.ts";
import { generateRsaKeys, selfSignedCertificate } from "./crypto.ts";
import { Deliveries } from "./deliveries.ts";
import { type Fault, faultMiddleware } from "./faults.ts";
import { type Env, requireToken } from "./google-access.ts";
import { googleCalendarRoutes } from "./google-calendar.ts";
import { googleCalendarMetaRoutes } from "./google-calendars.ts";
import { googleOAuthRoutes } from "./google-oauth.ts";
import { googleErrorBody } from "./google-state.ts";
import { mercadoPagoRoutes, mpErrorBody } from "./mercadopago.ts";
import { mpSigner } from "./mercadopago-state.ts";
import { paypalRoutes } from "./paypal.ts";
import { paypalPageRoutes } from "./paypal-pages.ts";
import { paypalErrorBody } from "./paypal-state.ts";
import { addWebhook, paypalSigner } from "./paypal-webhooks.ts";
import { bindAll, closeServer } from "./server.ts";
import { createClock, createState, live, snapshot } from "./state.ts";
import { type Ctx, type EmulatorCredentials, type MpSite, PROVIDERS, type Provider, type Settings } from "./types.ts";
import { randomHex } from "./util.ts";

export type { EmulatorCredentials } from "./types.ts";

/** A running set of emulators. */
export interface Emulators {
  urls: { google: string; paypal: string; binance: string; mercadopago: string };
  credentials: EmulatorCredentials;
  close(): Promise<void>;
}

/** Options of {@link startEmulators}. */
export interface StartOptions {
  /** Base port P: Google on P, PayPal P+1, Binance P+2, Mercado Pago P+3; 0 = any four consecutive free ports. */
  port?: number;
  /** PayPal webhook listener registered at startup; its id becomes credentials.paypal.webhookId. */
  paypalWebhookUrl?: string;
  /** Google's authorize page approves immediately (tests). */
  autoApprove?: boolean;
  quiet?: boolean;
  /** Multiplies webhook retry delays (1 → 1 s, 2 s, 4 s, 8 s). Default 0.05 (tests); the CLI uses 1. */
  retryDelayScale?: number;
  /** Attempts per webhook delivery, including the first. Default 5. */
  maxAttempts?: number;
  /** The Mercado Pago account's site; preferences in another currency are refused. Default MLA (ARS). */
  mercadopagoSite?: MpSite;
}

/** Fixed test credentials, documented so the Worker's .dev.vars and the demo can use them. */
export const DEFAULT_CREDENTIALS: EmulatorCredentials = {
  paypal: { clientId: "emu-paypal-client-id", clientSecret: "emu-paypal-client-secret", webhookId: null },
  binance: { apiKey: "emu-binance-api-key", apiSecret: "emu-binance-api-secret" },
  mercadopago: {
    accessToken: "TEST-1234567890123456-010100-emulatoraccesstoken000000000000-1234567890",
    webhookSecret: "emu-mercadopago-webhook-secret",
  },
};
/** The id of the PayPal webhook listener registered at startup (stable across resets). */
export const STARTUP_WEBHOOK_ID = "8EMULATORWEBHOOK1";

const ERROR_BODIES: Record<Provider, (status: number) => unknown> = {
  google: (s) => googleErrorBody(s),
  paypal: (s) => paypalErrorBody(s),
  binance: (s) =>
    binanceFail(
      s === 429 ? "400429" : s >= 500 ? "500000" : "400000",
      s >= 500 ? "System error, please try again later." : "Request failed.",
    ),
  mercadopago: (s) => mpErrorBody(s),
};

/** How refunds behave after a start or reset: Binance settles in 200 ms, nothing rejected or pending. */
const REFUND_DEFAULTS = { binanceRefundDelayMs: 200, binanceRejectRefunds: 0, paypalPendingRefunds: 0 };

/** Starts the emulators; resolves once all four ports listen. */
export async function startEmulators(opts: StartOptions = {}): Promise<Emulators> {
  const settings: Settings = {
    autoApprove: opts.autoApprove ?? false,
    quiet: opts.quiet ?? false,
    retryDelayScale: opts.retryDelayScale ?? 0.05,
    maxAttempts: opts.maxAttempts ?? 5,
    binanceRecvWindowMs: 30_000,
    ...REFUND_DEFAULTS,
    paypalCaptureMs: 0,
    googleMeetPendingMs: 0,
    mercadopagoSite: opts.mercadopagoSite ?? "MLA",
  };
  const log = (msg: string) => {
    if (!settings.quiet) console.log(`[emulators] ${msg}`);
  };
  const paypalKeys = generateRsaKeys();
  const cert = selfSignedCertificate(paypalKeys, "messageverificationcerts.paypal.com");
  const urls = { google: "", paypal: "", binance: "", mercadopago: "" };
  const creds: EmulatorCredentials = structuredClone(DEFAULT_CREDENTIALS);
  const state = createState();
  const faults: Fault[] = [];
  const ctx: Ctx = {
    urls,
    creds,
    clock: createClock(),
    settings,
    keys: {
      paypal: paypalKeys,
      paypalCertPem: cert.pem,
      paypalCertId: `CERT-360caa42-fca2a594-${randomHex(4)}`,
      binance: generateRsaKeys(),
      binanceCertSerial: randomHex(16),
    },
    log,
    deliver: (provider, url, body, eventId) => deliveries.enqueue(provider, url, body, eventId).id,
  };
  const signers = {
    google: undefined,
    paypal: paypalSigner(ctx, live(state, "paypal")),
    binance: binanceSigner(ctx),
    mercadopago: mpSigner(ctx),
  };
  const deliveries = new Deliveries(settings, () => signers, log);
  const registerStartupHook = () => {
    if (opts.paypalWebhookUrl) addWebhook(state.paypal, opts.paypalWebhookUrl, ["*"], STARTUP_WEBHOOK_ID);
  };
  registerStartupHook();
  creds.paypal.webhookId = opts.paypalWebhookUrl ? STARTUP_WEBHOOK_ID : null;
  const tick = () => expireAll(ctx, state.binance);
  const reset = () => {
    deliveries.reset();
    faults.length = 0;
    ctx.clock.reset();
    for (const t of state.binance.refundTimers) clearTimeout(t);
    Object.assign(settings, REFUND_DEFAULTS, { googleMeetPendingMs: 0 });
    state.consents.clear();
    // Issued PayPal tokens survive a reset: SDK clients cache them and never retry a 401.
    const paypalTokens = state.paypal.tokens;
    Object.assign(state, createState(), { consents: state.consents });
    state.paypal.tokens = paypalTokens;
    registerStartupHook();
  };

  const apps = PROVIDERS.map((provider) => {
    const app = new Hono({ strict: false }); // providers accept a trailing slash (the MP SDK sends one)
    const corsMw = cors({
      origin: "*",
      allowHeaders: ["Authorization", "Content-Type", "If-Match", "If-None-Match"],
      exposeHeaders: ["ETag"],
      maxAge: 600,
    });
    if (provider === "google") app.use("*", corsMw);
    else app.use("/__emulator/*", corsMw);
    app.use("*", faultMiddleware(provider, faults, ERROR_BODIES[provider]));
    controlRoutes(app, {
      ctx,
      // Getter-like access: reset() swaps the entity maps, so read them through `state` each time.
      state,
      faults,
      deliveries,
      snapshot: () => ({
        urls,
        credentials: creds,
        clock: { now: new Date(ctx.clock.now()).toISOString(), offsetMs: ctx.clock.offsetMs() },
        settings,
        faults,
        ...snapshot(state),
      }),
      reset,
      tick,
    });
    return app;
  });
  const [google, paypal, binance, mercadopago] = apps as [Hono, Hono, Hono, Hono];
  // Provider routes read `state.x` at registration, so they get thin wrappers that always see the
  // current maps after a reset.
  googleOAuthRoutes(google, ctx, live(state, "google"), state.consents);
  // The Calendar routes keep the caller's token in the context (Env); the app is the same object.
  const calendarApp = google as unknown as Hono<Env>;
  requireToken(calendarApp, ctx, live(state, "google"));
  googleCalendarRoutes(calendarApp, ctx, live(state, "google"));
  googleCalendarMetaRoutes(calendarApp, live(state, "google"));
  paypalRoutes(paypal, ctx, live(state, "paypal"));
  paypalPageRoutes(paypal, ctx, live(state, "paypal"));
  binanceRoutes(binance, ctx, live(state, "binance"));
  mercadoPagoRoutes(mercadopago, ctx, live(state, "mercadopago"));
  for (const [i, app] of apps.entries()) {
    const provider = PROVIDERS[i] as Provider;
    app.notFound((c) => c.json(ERROR_BODIES[provider](404) as object, 404));
    app.onError((e, c) => {
      log(`${provider} error: ${e instanceof Error ? e.stack : String(e)}`);
      return c.json(ERROR_BODIES[provider](500) as object, 500);
    });
  }

  const [servers, base] = await bindAll(
    opts.port ?? 8788,
    apps.map((a) => a.fetch),
  );
  urls.google = `http://127.0.0.1:${base}`;
  urls.paypal = `http://127.0.0.1:${base + 1}`;
  urls.binance = `http://127.0.0.1:${base + 2}`;
  urls.mercadopago = `http://127.0.0.1:${base + 3}`;
  const ticker = setInterval(tick, 1000);
  ticker.unref();
  let closed = false;
  return {
    urls,
    credentials: creds,
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(ticker);
      await deliveries.close();
      await Promise.all(servers.map(closeServer));
    },
  };
}
