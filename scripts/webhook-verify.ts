// `npm run webhook:verify -- --provider paypal|binance|mercadopago --headers h.json --body body.txt [...]`
// Checks one recorded webhook delivery with the Worker's own verification modules and prints
// `valid` (exit 0) or `invalid: <reason>` (exit 1). See docs/architecture.md "Webhooks and \"paid\"".
//   PayPal:       --webhook-id <id> [--cert <pem file>] [--env live|sandbox]  (without --cert the cert URL is
//                 checked and fetched as the Worker does: PayPal's hosts of --env, default live, or the
//                 hosts/origins in PAYPAL_CERT_HOSTS, comma-separated, exactly as the Worker reads it)
//   Binance Pay:  --public-key <pem file>                (the certPublic of the header's certificate serial)
//   Mercado Pago: --secret <webhook secret> [--data-id <id>] (default: data.id of the body; the query's in production)
//   Any:          --now <RFC 3339>                       (evaluate time checks at that instant)
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { type PayPalEnvironment, parseCertHosts, paypalCertOrigins } from "../worker/src/verify/allow-list";
import { verifyBinanceWebhook } from "../worker/src/verify/binance";
import { verifyMercadoPagoWebhook } from "../worker/src/verify/mercadopago";
import { verifyPayPalWebhook } from "../worker/src/verify/paypal";
import { fetchCert } from "../worker/src/verify/paypal-cert";
import { headerGetter, type VerifyResult } from "../worker/src/verify/types";

const USAGE =
  "usage: webhook:verify -- --provider paypal|binance|mercadopago --headers h.json --body body.txt " +
  "[--webhook-id ID] [--cert PEM] [--env live|sandbox] [--public-key PEM] [--secret S] [--data-id ID] [--now RFC3339]";

async function main(argv: string[]): Promise<VerifyResult> {
  const { values: a } = parseArgs({
    args: argv,
    options: {
      provider: { type: "string" },
      headers: { type: "string" },
      body: { type: "string" },
      "webhook-id": { type: "string" },
      env: { type: "string" },
      cert: { type: "string" },
      "public-key": { type: "string" },
      secret: { type: "string" },
      "data-id": { type: "string" },
      now: { type: "string" },
    },
    strict: true,
  });
  if (!a.provider || !a.headers || !a.body) return { ok: false, reason: `missing arguments; ${USAGE}` };
  const now = a.now ? new Date(a.now) : new Date();
  if (Number.isNaN(now.getTime())) return { ok: false, reason: "--now is not an RFC 3339 time" };
  let headersJson: unknown;
  try {
    headersJson = JSON.parse(readFileSync(a.headers, "utf8"));
  } catch {
    return { ok: false, reason: "--headers is not a readable JSON file" };
  }
  if (typeof headersJson !== "object" || headersJson === null || Array.isArray(headersJson))
    return { ok: false, reason: "--headers must hold a JSON object of header names to values" };
  const headers = headerGetter(headersJson as Record<string, unknown>);
  // The raw bytes exactly as delivered: no trimming, no newline normalisation.
  const body = new Uint8Array(readFileSync(a.body));
  const bodyText = new TextDecoder().decode(body);

  switch (a.provider) {
    case "paypal": {
      if (!a["webhook-id"]) return { ok: false, reason: "PayPal needs --webhook-id" };
      const certFile = a.cert;
      const env = a.env ?? "live";
      if (env !== "live" && env !== "sandbox") return { ok: false, reason: "--env must be live or sandbox" };
      const hosts = process.env.PAYPAL_CERT_HOSTS?.trim();
      const origins = hosts ? parseCertHosts(hosts) : paypalCertOrigins(env as PayPalEnvironment);
      if (!origins) return { ok: false, reason: "PAYPAL_CERT_HOSTS has an entry that is neither a host nor an origin" };
      return verifyPayPalWebhook({
        headers,
        body,
        webhookId: a["webhook-id"],
        now,
        // A certificate handed over by the operator is trusted as given; a fetched one must come from PayPal.
        certOrigins: certFile ? null : origins,
        getCertPem: async (url) => (certFile ? readFileSync(certFile, "utf8") : fetchCert(url)),
      });
    }
    case "binance": {
      if (!a["public-key"]) return { ok: false, reason: "Binance Pay needs --public-key" };
      const pem = readFileSync(a["public-key"], "utf8");
      return verifyBinanceWebhook({ headers, body: bodyText, now, getPublicKey: async () => pem });
    }
    case "mercadopago": {
      if (!a.secret) return { ok: false, reason: "Mercado Pago needs --secret" };
      let dataId = a["data-id"] ?? null;
      if (dataId === null) {
        try {
          const id = (JSON.parse(bodyText) as { data?: { id?: unknown } }).data?.id;
          dataId = id === undefined || id === null ? null : String(id);
        } catch {
          dataId = null;
        }
      }
      return verifyMercadoPagoWebhook({ headers, dataId, secret: a.secret, now });
    }
    default:
      return { ok: false, reason: `unknown provider ${a.provider}; ${USAGE}` };
  }
}

main(process.argv.slice(2)).then(
  (res) => {
    console.log(res.ok ? "valid" : `invalid: ${res.reason}`);
    process.exit(res.ok ? 0 : 1);
  },
  (err: unknown) => {
    console.log(`invalid: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
