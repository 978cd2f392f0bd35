import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { getConfig, MIN_HOLD_MINUTES } from "../src/config";

describe("worker skeleton", () => {
  it("answers /healthz", async () => {
    const res = await exports.default.fetch("http://worker.test/healthz");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true });
  });

  it("reports its hold limits on /healthz, which the extension plans holds by", async () => {
    const res = await exports.default.fetch("http://worker.test/healthz");
    const body = (await res.json()) as { limits: unknown };
    expect(body.limits).toEqual({ minHoldMinutes: MIN_HOLD_MINUTES, maxHoldHours: getConfig(env).maxHoldHours });
  });

  it("answers unknown routes with a JSON 404", async () => {
    const res = await exports.default.fetch("http://worker.test/nope");
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: "not_found", message: "No route for GET /nope" } });
  });

  it("has the migrated schema in local D1", async () => {
    const row = await env.DB.prepare("SELECT name FROM sqlite_master WHERE type='table' AND name='checkouts'").first();
    expect(row).toEqual({ name: "checkouts" });
  });
});
