// Shared helpers of the benchmark scripts: statistics, bounded waiting, JSON over HTTP, machine info.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { cpus, freemem, release, totalmem, type } from "node:os";

/** Sorted copy of `xs` (ascending). */
function sorted(xs: number[]): number[] {
  return [...xs].sort((a, b) => a - b);
}

/** Nearest-rank percentile (p in 0–100); NaN for an empty sample. */
export function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return Number.NaN;
  const s = sorted(xs);
  const rank = Math.ceil((p / 100) * s.length);
  return s[Math.min(s.length - 1, Math.max(0, rank - 1))] as number;
}

/** Median (mean of the two middle values for an even count). */
export function median(xs: number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = sorted(xs);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** Rounds for display: `digits` decimals, trailing zeros kept so columns line up. */
export function fmt(x: number, digits = 1): string {
  return Number.isFinite(x) ? x.toFixed(digits) : "n/a";
}

/**
 * CPU time (user + system, ms) used so far by the processes named `name` in process group
 * `group`, read from Linux's /proc; NaN where there is no /proc. `wrangler dev` has no CPU meter of
 * its own: its workerd process runs every isolate of the local Worker (the app, its D1, its assets).
 */
export function groupCpuMs(group: number | null, name: string): number {
  if (group === null) return Number.NaN;
  let ms = 0;
  let found = false;
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    return Number.NaN;
  }
  const tick = 100; // USER_HZ: /proc reports CPU time in 1/100 s on Linux
  for (const pid of entries) {
    if (!/^\d+$/.test(pid)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    } catch {
      continue; // exited meanwhile
    }
    // "pid (comm) state ppid pgrp … utime stime": comm may hold spaces, so split after its ")".
    const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (comm !== name || Number(f[2]) !== group) continue;
    found = true;
    ms += ((Number(f[11]) + Number(f[12])) * 1000) / tick;
  }
  return found ? ms : Number.NaN;
}

/** Resolves after `ms` milliseconds. */
export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls `fn` every `everyMs` until it returns a truthy value; throws after `timeoutMs` (every wait is bounded). */
export async function waitUntil<T>(
  what: string,
  fn: () => Promise<T | undefined | null | false>,
  timeoutMs: number,
  everyMs = 100,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** POSTs JSON and returns the parsed answer; throws with the body on a non-2xx status. */
export async function postJson<T>(url: string, body: unknown = {}, headers: Record<string, string> = {}): Promise<T> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(20_000),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`POST ${url} → ${res.status} ${text.slice(0, 300)}`);
  return (text ? JSON.parse(text) : null) as T;
}

/** GETs JSON; throws on a non-2xx status. */
export async function getJson<T>(url: string, headers: Record<string, string> = {}): Promise<T> {
  const res = await fetch(url, { headers, signal: AbortSignal.timeout(20_000) });
  const text = await res.text();
  if (!res.ok) throw new Error(`GET ${url} → ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

/** Prints progress to stderr (stdout stays free for a summary). */
export function log(...parts: unknown[]): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${parts.join(" ")}\n`);
}

/** What the numbers were measured on. */
export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryGiB: number;
  freeMemoryGiB: number;
  os: string;
  node: string;
  chromium: string;
  wrangler: string;
}

function firstLine(cmd: string, args: string[]): string {
  try {
    return (
      execFileSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] })
        .split("\n")[0]
        ?.trim() ?? ""
    );
  } catch {
    return "unknown";
  }
}

/** CPU, cores, memory, OS, Node, Chromium and wrangler versions of this machine. */
export function machineInfo(chromiumPath: string | null): MachineInfo {
  const osName = firstLine("sh", ["-c", '. /etc/os-release && echo "$PRETTY_NAME"']);
  return {
    cpu: cpus()[0]?.model ?? "unknown",
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    freeMemoryGiB: Math.round(freemem() / 2 ** 30),
    os: `${osName} (${type()} ${release()})`,
    node: process.version,
    chromium: chromiumPath ? firstLine(chromiumPath, ["--version"]) : "not found",
    wrangler: firstLine(process.execPath, ["node_modules/wrangler/bin/wrangler.js", "--version"]),
  };
}
