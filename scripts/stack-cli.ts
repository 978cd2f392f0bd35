// `npm run stack`: the Worker under `wrangler dev` (migrated local D1) and the provider emulators,
// wired to each other, with no browser — for people integrating with the Worker API and for test
// tools. Once everything answers it prints exactly one JSON line on stdout (URLs, emulator
// credentials, the Worker's effective vars) and runs until SIGINT/SIGTERM, stopping every child.
// Everything else it says goes to stderr, so `npm run -s stack | head -1` is the whole contract.
//
// Flags: --worker-port N, --emulator-port N (four consecutive ports), --var NAME=VALUE (repeatable,
// applied last), --auto-approve (Google's consent page approves at once), --persist DIR (keep D1
// state there across runs), --extension-id ID (repeatable; allowed by CORS), --verbose.
import { existsSync, readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { type Stack, startStack } from "./stack.ts";

/** The one line `npm run stack` prints once the stack answers. */
export interface StackLine {
  workerUrl: string;
  emulators: { google: string; paypal: string; binance: string; mercadopago: string };
  credentials: unknown;
  vars: Record<string, string>;
}

function fail(message: string): never {
  console.error(`stack: ${message}`);
  process.exit(1);
}

function port(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65532) fail(`--${name} must be a port number (1–65532), got "${value}"`);
  return n;
}

function parseVars(list: string[]): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const item of list) {
    const eq = item.indexOf("=");
    const name = item.slice(0, eq);
    if (eq < 1 || !/^[A-Z_][A-Z0-9_]*$/.test(name))
      fail(`--var takes NAME=VALUE with an upper-case NAME, got "${item}"`);
    vars[name] = item.slice(eq + 1);
  }
  return vars;
}

async function main() {
  let flags: ReturnType<typeof parse>;
  try {
    flags = parse();
  } catch (err) {
    fail(err instanceof Error ? err.message : String(err));
  }
  const { values } = flags;
  let stack: Stack;
  try {
    stack = await startStack({
      workerPort: port("worker-port", values["worker-port"]),
      emulatorPort: port("emulator-port", values["emulator-port"]),
      vars: parseVars(values.var ?? []),
      autoApprove: values["auto-approve"] ?? false,
      persist: values.persist,
      extensionIds: values["extension-id"] ?? [],
      quiet: !values.verbose,
    });
  } catch (err) {
    // One clear line; the details (wrangler's own output) only with --verbose.
    const msg = err instanceof Error ? err.message : String(err);
    const [first = msg, ...rest] = msg.split("\n");
    if (values.verbose && rest.length) console.error(rest.join("\n"));
    fail(first);
  }
  const line: StackLine = {
    workerUrl: stack.workerUrl,
    emulators: stack.emulators.urls,
    credentials: stack.emulators.credentials,
    vars: stack.vars,
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);

  let stopping = false;
  const stop = () => {
    // `on`, not `once`: a signal can arrive twice (the terminal and the npm/tsx wrappers relay it).
    if (stopping) return;
    stopping = true;
    stack.stop().then(
      () => process.exit(0),
      (err) => fail(`stopping failed: ${err instanceof Error ? err.message : err}`),
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  // `kill <npm pid>` signals npm alone, and npm exits without relaying it through its `sh` and the
  // tsx wrapper; so the stack also stops when any process that started it is gone.
  const ancestors = ancestorPids();
  setInterval(() => {
    if (ancestors.some((pid) => !alive(pid))) stop();
  }, 300).unref();
}

/** The processes above this one (parent, grandparent, …), up to but not including init. */
function ancestorPids(): number[] {
  const pids: number[] = [];
  let pid = process.ppid;
  while (pid > 1 && pids.length < 8) {
    pids.push(pid);
    const stat = `/proc/${pid}/stat`;
    if (!existsSync(stat)) break; // not Linux: the parent alone
    const text = readFileSync(stat, "utf8");
    pid = Number(text.slice(text.lastIndexOf(")") + 2).split(" ")[1]);
  }
  return pids;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function parse() {
  return parseArgs({
    strict: true,
    options: {
      "worker-port": { type: "string" },
      "emulator-port": { type: "string" },
      var: { type: "string", multiple: true },
      "auto-approve": { type: "boolean" },
      persist: { type: "string" },
      "extension-id": { type: "string", multiple: true },
      verbose: { type: "boolean" },
    },
  });
}

main().catch((err) => fail(err instanceof Error ? err.message : String(err)));
