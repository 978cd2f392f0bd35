// `npm run emulators -- [--port P] [--paypal-webhook-url URL] [--auto-approve] [--quiet] [--retry-scale N] [--mercadopago-site MLA]`
// Starts the four emulators, prints their base URLs and the test credentials, stops on Ctrl-C.
import { parseArgs } from "node:util";
import { startEmulators } from "./index.ts";
import { isMpSite, MP_SITE_CURRENCIES } from "./types.ts";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "8788" },
    "paypal-webhook-url": { type: "string" },
    "auto-approve": { type: "boolean", default: false },
    quiet: { type: "boolean", default: false },
    "retry-scale": { type: "string", default: "1" },
    "mercadopago-site": { type: "string", default: "MLA" },
    help: { type: "boolean", short: "h", default: false },
  },
});

if (values.help) {
  console.log(
    "usage: npm run emulators -- [--port 8788] [--paypal-webhook-url URL] [--auto-approve] [--quiet] [--retry-scale 1] [--mercadopago-site MLA]",
  );
  process.exit(0);
}

const port = Number(values.port);
const retryDelayScale = Number(values["retry-scale"]);
if (!Number.isInteger(port) || port < 0 || port > 65_532 || !(retryDelayScale >= 0)) {
  console.error("invalid --port or --retry-scale");
  process.exit(2);
}
const site = values["mercadopago-site"];
if (!isMpSite(site)) {
  console.error(`invalid --mercadopago-site (one of ${Object.keys(MP_SITE_CURRENCIES).join(", ")})`);
  process.exit(2);
}

const emu = await startEmulators({
  port,
  paypalWebhookUrl: values["paypal-webhook-url"],
  autoApprove: values["auto-approve"],
  quiet: values.quiet,
  retryDelayScale,
  mercadopagoSite: site,
});
console.log(`google       ${emu.urls.google}`);
console.log(`paypal       ${emu.urls.paypal}`);
console.log(`binance      ${emu.urls.binance}`);
console.log(`mercadopago  ${emu.urls.mercadopago} (site ${site}, ${MP_SITE_CURRENCIES[site]} only)`);
console.log(`credentials  ${JSON.stringify(emu.credentials)}`);
console.log(`control API  ${emu.urls.google}/__emulator/state (on every port) — Ctrl-C to stop`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await emu.close();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
