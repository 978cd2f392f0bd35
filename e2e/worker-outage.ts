// A Worker outage the extension cannot tell from a real one. The extension is built with the
// Worker at a fixed URL (E2E_WORKER_PORT); the spec runs wrangler dev on another port and puts
// this TCP pass-through on the fixed one. `down()` stops listening and drops open connections, so
// every request gets "connection refused" like a Worker that is unreachable; `up()` listens again.
// The Worker's state (D1) survives, as it does when Cloudflare's edge comes back — restarting
// wrangler dev itself would take 10+ s on this machine and start from an empty local database.
import { connect, createServer, type Server, type Socket } from "node:net";

/** A switchable TCP pass-through from `listenPort` to `targetPort` on 127.0.0.1. */
export interface WorkerOutage {
  /** Stops accepting and closes every open connection; resolves once the port is free. */
  down(): Promise<void>;
  /** Listens again. */
  up(): Promise<void>;
  close(): Promise<void>;
}

/** Starts the pass-through (listening: the Worker reachable). */
export async function startWorkerOutageSwitch(listenPort: number, targetPort: number): Promise<WorkerOutage> {
  const sockets = new Set<Socket>();
  let server: Server | null = null;

  const up = () =>
    new Promise<void>((resolve, reject) => {
      if (server) return resolve();
      const s = createServer((client) => {
        const upstream = connect(targetPort, "127.0.0.1");
        const pair = [client, upstream];
        for (const sock of pair) {
          sockets.add(sock);
          // Either side ending or failing ends both, as a dropped connection would.
          sock.on("error", () => {
            for (const x of pair) x.destroy();
          });
          sock.on("close", () => {
            sockets.delete(sock);
            for (const x of pair) x.destroy();
          });
        }
        client.pipe(upstream);
        upstream.pipe(client);
      });
      s.once("error", reject);
      s.listen(listenPort, "127.0.0.1", () => {
        server = s;
        resolve();
      });
    });

  const down = () =>
    new Promise<void>((resolve) => {
      const s = server;
      server = null;
      for (const sock of sockets) sock.destroy();
      sockets.clear();
      if (!s) return resolve();
      s.close(() => resolve());
    });

  await up();
  return { up, down, close: down };
}
