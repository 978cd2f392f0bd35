// `npm run worker:dev`: migrate the local D1 database, then run the Worker in workerd on 127.0.0.1.
// Extra arguments go to `wrangler dev` (e.g. `npm run worker:dev -- --port 8790`).
import { spawn, spawnSync } from "node:child_process";

const env = { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" };
const opts = { cwd: new URL("../worker/", import.meta.url), env, stdio: "inherit" };

const migrate = spawnSync("npx", ["wrangler", "d1", "migrations", "apply", "leadscalendar", "--local"], opts);
if (migrate.status !== 0) process.exit(migrate.status ?? 1);

const args = process.argv.slice(2);
const dev = spawn(
  "npx",
  ["wrangler", "dev", "--ip", "127.0.0.1", ...(args.includes("--port") ? [] : ["--port", "8787"]), ...args],
  opts,
);
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => dev.kill(sig));
dev.on("exit", (code) => process.exit(code ?? 0));
