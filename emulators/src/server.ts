// Binding the four HTTP servers on 127.0.0.1 (consecutive ports) and closing them.
import type { AddressInfo } from "node:net";
import { createAdaptorServer } from "@hono/node-server";

export type Server = ReturnType<typeof createAdaptorServer>;

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Closes a server, dropping keep-alive connections so close() never hangs. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    const s = server as Server & { closeAllConnections?: () => void };
    server.close(() => resolve());
    s.closeAllConnections?.();
  });
}

/** Binds four servers on consecutive ports; with base 0, retries random bases (bounded). */
export async function bindAll(
  base: number,
  fetchers: ((req: Request) => Response | Promise<Response>)[],
): Promise<[Server[], number]> {
  const attempts = base === 0 ? 40 : 1;
  let lastError: unknown;
  for (let i = 0; i < attempts; i++) {
    const p = base === 0 ? 20_000 + Math.floor(Math.random() * 40_000) : base;
    const servers: Server[] = [];
    try {
      for (const [k, f] of fetchers.entries()) {
        const server = createAdaptorServer({ fetch: f });
        servers.push(server);
        await listen(server, p + k);
      }
      return [servers, p];
    } catch (err) {
      lastError = err;
      await Promise.all(servers.map((s) => (s.listening ? closeServer(s) : Promise.resolve())));
    }
  }
  throw lastError instanceof Error ? lastError : new Error("could not bind the emulator ports");
}
