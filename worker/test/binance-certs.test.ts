// Binance's certificate list is fetched rarely, however many made-up serials arrive: the cache on
// its own (with a fake clock), then through the webhook route with the in-isolate fakes.
import { describe, expect, it, vi } from "vitest";
import { type BinanceCert, BinanceCertCache } from "../src/verify/binance";
import { BINANCE_SERIAL, fakeWorker, installFakes } from "./fake-providers";

const LIST: BinanceCert[] = [{ certSerial: "SN-1", certPublic: "PEM-1" }];

function setup(list: () => Promise<BinanceCert[]> = async () => LIST) {
  let t = 1_000_000;
  const fetches = { n: 0 };
  const cache = new BinanceCertCache();
  const lookup = (serial: string, account = "acct") =>
    cache.publicKey(
      account,
      serial,
      () => {
        fetches.n++;
        return list();
      },
      () => t,
    );
  return { lookup, fetches, advance: (ms: number) => (t += ms) };
}

describe("BinanceCertCache", () => {
  it("answers known serials from the cache and fetches again only after an hour", async () => {
    const { lookup, fetches, advance } = setup();
    expect(await lookup("SN-1")).toBe("PEM-1");
    for (let i = 0; i < 10; i++) expect(await lookup("SN-1")).toBe("PEM-1");
    expect(fetches.n).toBe(1);
    advance(3600_000);
    expect(await lookup("SN-1")).toBe("PEM-1");
    expect(fetches.n).toBe(2);
  });

  it("100 unknown serials cost no more fetches until five minutes have passed, then one", async () => {
    const { lookup, fetches, advance } = setup();
    await lookup("SN-1");
    for (let i = 0; i < 100; i++) expect(await lookup(`SN-FAKE-${i}`)).toBeNull();
    expect(fetches.n).toBe(1);
    advance(4 * 60_000);
    expect(await lookup("SN-FAKE-x")).toBeNull();
    expect(fetches.n).toBe(1);
    advance(60_000);
    for (let i = 0; i < 10; i++) expect(await lookup(`SN-LATER-${i}`)).toBeNull();
    expect(fetches.n).toBe(2);
  });

  it("50 concurrent lookups share one fetch", async () => {
    const { lookup, fetches } = setup();
    const got = await Promise.all(Array.from({ length: 50 }, (_, i) => lookup(i % 2 ? "SN-1" : `SN-X${i}`)));
    expect(got.filter((k) => k === "PEM-1")).toHaveLength(25);
    expect(fetches.n).toBe(1);
  });

  it("after a failed fetch waits a minute; a key known before keeps verifying meanwhile", async () => {
    let fail = false;
    const { lookup, fetches, advance } = setup(async () => {
      if (fail) throw new Error("down");
      return LIST;
    });
    await lookup("SN-1");
    advance(3600_000); // stale: the next lookup refreshes
    fail = true;
    expect(await lookup("SN-1")).toBe("PEM-1");
    expect(await lookup("SN-1")).toBe("PEM-1");
    expect(await lookup("SN-NEW")).toBeNull();
    expect(fetches.n).toBe(2);
    advance(60_000);
    fail = false;
    expect(await lookup("SN-1")).toBe("PEM-1");
    expect(fetches.n).toBe(3);
  });

  it("with nothing cached, a failure is reported, and not retried within the minute", async () => {
    const { lookup, fetches, advance } = setup(async () => {
      throw new Error("down");
    });
    await expect(lookup("SN-1")).rejects.toThrow("down");
    expect(await lookup("SN-1")).toBeNull();
    expect(fetches.n).toBe(1);
    advance(60_000);
    await expect(lookup("SN-1")).rejects.toThrow("down");
    expect(fetches.n).toBe(2);
  });

  it("stays bounded: a capped number of keys and of merchant accounts", async () => {
    const many = Array.from({ length: 500 }, (_, i) => ({ certSerial: `S${i}`, certPublic: `P${i}` }));
    const { lookup, fetches } = setup(async () => many);
    expect(await lookup("S0")).toBe("P0");
    expect(await lookup("S499")).toBeNull(); // beyond the cap, and no refetch for it
    for (let i = 0; i < 20; i++) await lookup("S0", `acct-${i}`);
    expect(fetches.n).toBe(21);
    await lookup("S0", "acct"); // the first account was evicted long ago: fetched again
    expect(fetches.n).toBe(22);
  });
});

describe("Binance webhooks with made-up certificate serials", () => {
  it("are refused without a certificates call each", async () => {
    const f = await installFakes();
    const w = fakeWorker();
    const certCalls = () =>
      vi
        .mocked(fetch)
        .mock.calls.filter(([input]) =>
          new Request(input as RequestInfo).url.endsWith("/binancepay/openapi/certificates"),
        ).length;
    const body = '{"bizType":"PAY","data":"{}","bizIdStr":"1","bizId":1,"bizStatus":"PAY_SUCCESS"}';
    const good = await f.binance(body, { serial: BINANCE_SERIAL });
    await w.call("POST", good.path, good.body, good.headers); // loads the list (known serial)
    const before = certCalls();
    for (let i = 0; i < 30; i++) {
      const d = await f.binance(body, { serial: `SN-MADE-UP-${i}` });
      const res = await w.call("POST", d.path, d.body, { "content-type": "application/json", ...d.headers });
      expect(res.status).toBe(401);
    }
    expect(certCalls() - before).toBe(0);
  });
});
