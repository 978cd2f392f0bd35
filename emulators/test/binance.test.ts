// Binance Pay conformance with raw signed requests (there is no official Node client), and
// independent RSA verification of its webhooks.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Emulators, startEmulators } from "../src/index.ts";
import { binanceCall, binanceHeaders, control, oneByteChanged, startReceiver, verifyBinance } from "./helpers.ts";

const ACK = '{"returnCode":"SUCCESS","returnMessage":null}';
let emu: Emulators;
let hook: Awaited<ReturnType<typeof startReceiver>>;
let answers: string[] = [];

beforeAll(async () => {
  hook = await startReceiver(() => ({ status: 200, body: answers.shift() ?? ACK }));
  emu = await startEmulators({ port: 0, quiet: true, retryDelayScale: 0.01 });
});
afterAll(async () => {
  await emu?.close();
  await hook?.close();
});
beforeEach(async () => {
  answers = [];
  hook.received.length = 0;
  await control(emu.urls.binance, "reset", {});
});

const call = (path: string, payload: unknown) => binanceCall(emu.urls.binance, emu.credentials.binance, path, payload);
const order = (tradeNo = "LC123abc", extra: Record<string, unknown> = {}) =>
  call("/binancepay/openapi/v3/order", {
    env: { terminalType: "WEB" },
    merchantTradeNo: tradeNo,
    orderAmount: "1.00",
    currency: "USDT",
    description: "Commitment fee",
    goodsDetails: [{ goodsType: "02", goodsCategory: "Z000", referenceGoodsId: "fee", goodsName: "Commitment fee" }],
    returnUrl: "https://worker.test/return",
    cancelUrl: "https://worker.test/cancel",
    webhookUrl: `${hook.url}/webhooks/binance`,
    ...extra,
  });
const certs = async () =>
  (await call("/binancepay/openapi/certificates", {})).json.data as unknown as {
    certSerial: string;
    certPublic: string;
  }[];

describe("Binance Pay requests", () => {
  it("rejects a wrong signature with FAIL 400002 and stale timestamps with 400003", async () => {
    const body = JSON.stringify({ prepayId: "1" });
    const headers = binanceHeaders(emu.credentials.binance.apiKey, "wrong-secret", body);
    const res = await fetch(`${emu.urls.binance}/binancepay/openapi/v2/order/query`, { method: "POST", headers, body });
    expect(await res.json()).toMatchObject({ status: "FAIL", code: "400002" });
    const stale = binanceHeaders(
      emu.credentials.binance.apiKey,
      emu.credentials.binance.apiSecret,
      body,
      Date.now() - 120_000,
    );
    const old = await fetch(`${emu.urls.binance}/binancepay/openapi/v2/order/query`, {
      method: "POST",
      headers: stale,
      body,
    });
    expect(await old.json()).toMatchObject({ status: "FAIL", code: "400003" });
    // The signature covers the exact bytes: re-serialising after signing breaks it.
    const signed = binanceHeaders(emu.credentials.binance.apiKey, emu.credentials.binance.apiSecret, body);
    const changed = await fetch(`${emu.urls.binance}/binancepay/openapi/v2/order/query`, {
      method: "POST",
      headers: signed,
      body: `${body} `,
    });
    expect(await changed.json()).toMatchObject({ code: "400002" });
  });

  it("creates v3 orders, queries v2 by prepayId or merchantTradeNo, refuses duplicates", async () => {
    const created = await order();
    expect(created.json).toMatchObject({ status: "SUCCESS", code: "000000" });
    const data = created.json.data ?? {};
    expect(String(data.prepayId)).toMatch(/^\d{19}$/);
    expect(String(data.checkoutUrl).startsWith(`${emu.urls.binance}/`)).toBe(true);
    expect(data).toHaveProperty("qrContent");
    expect(data).toHaveProperty("deeplink");
    expect(data).toHaveProperty("universalUrl");
    const q1 = await call("/binancepay/openapi/v2/order/query", { prepayId: data.prepayId });
    expect(q1.json.data).toMatchObject({
      status: "INITIAL",
      orderAmount: "1.00",
      currency: "USDT",
      merchantTradeNo: "LC123abc",
    });
    const q2 = await call("/binancepay/openapi/v2/order/query", { merchantTradeNo: "LC123abc" });
    expect(q2.json.data?.prepayId).toBe(data.prepayId);
    expect((await order()).json).toMatchObject({ status: "FAIL" });
    expect((await order("bad-trade-no!")).json).toMatchObject({ status: "FAIL", code: "400001" });
    const tooLate = await order("LATE1", { orderExpireTime: Date.now() + 2 * 3_600_000 });
    expect(tooLate.json).toMatchObject({ status: "FAIL", code: "400001" });
  });

  it("pays through the buyer page and sends an RSA-signed PAY_SUCCESS webhook", async () => {
    const { json } = await order();
    const checkoutUrl = String(json.data?.checkoutUrl);
    const page = await fetch(checkoutUrl);
    expect(await page.text()).toContain(">Pay<");
    const res = await fetch(checkoutUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "decision=pay",
      redirect: "manual",
    });
    expect(res.headers.get("location")).toBe("https://worker.test/return");
    const [r] = await hook.waitFor(1);
    const body = r?.body ?? "";
    expect(body).toMatch(/"bizId":\d{19}[,}]/); // an exact JSON number, not a rounded double
    const parsed = JSON.parse(body);
    expect(parsed).toMatchObject({ bizType: "PAY", bizStatus: "PAY_SUCCESS", bizIdStr: json.data?.prepayId });
    expect(JSON.parse(parsed.data)).toMatchObject({ merchantTradeNo: "LC123abc", totalFee: 1, currency: "USDT" });
    const list = await certs();
    expect(verifyBinance(r?.headers ?? {}, body, list)).toBe(true);
    expect(verifyBinance(r?.headers ?? {}, oneByteChanged(body), list)).toBe(false);
    const q = await call("/binancepay/openapi/v2/order/query", { prepayId: json.data?.prepayId });
    expect(q.json.data).toMatchObject({ status: "PAID" });
    expect(String(q.json.data?.transactionId)).not.toBe("");
  });

  it("retries until the exact acknowledgement body", async () => {
    answers = ['{"returnCode":"SUCCESS"}', "OK", ACK];
    const { json } = await order();
    await control(emu.urls.binance, "pay", { provider: "binance", prepayId: json.data?.prepayId });
    await hook.waitFor(3);
    await control(emu.urls.binance, "deliveries/wait", { timeoutMs: 5000 });
    const { deliveries } = await control<{ deliveries: { status: string; attempts: unknown[] }[] }>(
      emu.urls.binance,
      "deliveries?provider=binance",
    );
    expect(deliveries[0]).toMatchObject({ status: "succeeded" });
    expect(deliveries[0]?.attempts).toHaveLength(3);
  });

  it("closes, refunds and expires at orderExpireTime with PAY_CLOSED when the clock moves", async () => {
    const a = await order("CLOSE1");
    expect((await call("/binancepay/openapi/order/close", { prepayId: a.json.data?.prepayId })).json).toMatchObject({
      status: "SUCCESS",
      data: true,
    });
    const b = await order("REFUND1");
    await control(emu.urls.binance, "pay", { provider: "binance", prepayId: b.json.data?.prepayId });
    const refund = await call("/binancepay/openapi/order/refund", {
      refundRequestId: "r1",
      prepayId: b.json.data?.prepayId,
      refundAmount: "1.00",
    });
    // Accepted, not yet refunded: Binance refunds asynchronously.
    expect(refund.json).toMatchObject({ status: "SUCCESS", data: { refundAmount: "1.00", duplicateRequest: "N" } });
    const c = await order("EXPIRE1", { orderExpireTime: Date.now() + 10 * 60_000 });
    await control(emu.urls.binance, "clock/advance", { ms: 9 * 60_000 });
    expect(
      (await call("/binancepay/openapi/v2/order/query", { prepayId: c.json.data?.prepayId })).json.data?.status,
    ).toBe("INITIAL");
    await control(emu.urls.binance, "clock/advance", { ms: 2 * 60_000 });
    expect(
      (await call("/binancepay/openapi/v2/order/query", { prepayId: c.json.data?.prepayId })).json.data?.status,
    ).toBe("EXPIRED");
    await control(emu.urls.binance, "deliveries/wait", { timeoutMs: 5000 });
    const statuses = hook.received
      .filter((r) => JSON.parse(r.body).bizType === "PAY")
      .map((r) => `${JSON.parse(JSON.parse(r.body).data).merchantTradeNo}:${JSON.parse(r.body).bizStatus}`);
    expect(statuses).toEqual(["CLOSE1:PAY_CLOSED", "REFUND1:PAY_SUCCESS", "EXPIRE1:PAY_CLOSED"]);
    const list = await certs();
    expect(hook.received.every((r) => verifyBinance(r.headers, r.body, list))).toBe(true);
    const paidLate = await control<{ error?: unknown }>(emu.urls.binance, "pay", {
      provider: "binance",
      prepayId: c.json.data?.prepayId,
    });
    expect(paidLate.error).toBeDefined();
  });

  describe("refunds are asynchronous", () => {
    const paid = async (tradeNo: string) => {
      const o = await order(tradeNo);
      const prepayId = o.json.data?.prepayId as string;
      await control(emu.urls.binance, "pay", { provider: "binance", prepayId });
      return prepayId;
    };
    const status = async (prepayId: string) =>
      (await call("/binancepay/openapi/v2/order/query", { prepayId })).json.data?.status;
    const refundHooks = () =>
      hook.received
        .map((r) => JSON.parse(r.body))
        .filter((b) => b.bizType === "PAY_REFUND")
        .map((b) => ({ ...b, data: JSON.parse(b.data) }));

    it("accepts the request (REFUNDING), then sends PAY_REFUND REFUND_SUCCESS and the order is REFUNDED", async () => {
      await control(emu.urls.binance, "config", { binanceRefundDelayMs: 60_000 });
      const prepayId = await paid("ASYNC1");
      const res = await call("/binancepay/openapi/order/refund", {
        refundRequestId: "rA1",
        prepayId,
        refundAmount: "1.00",
      });
      expect(res.json.status).toBe("SUCCESS");
      expect(await status(prepayId)).toBe("REFUNDING");
      // A second request while one is running is refused; the same request id is a duplicate.
      const again = await call("/binancepay/openapi/order/refund", {
        refundRequestId: "rA2",
        prepayId,
        refundAmount: "1.00",
      });
      expect(again.json).toMatchObject({ status: "FAIL", code: "400207" });
      const dup = await call("/binancepay/openapi/order/refund", {
        refundRequestId: "rA1",
        prepayId,
        refundAmount: "1.00",
      });
      expect(dup.json).toMatchObject({ status: "SUCCESS", data: { duplicateRequest: "Y" } });
      expect(refundHooks()).toEqual([]);
      await control(emu.urls.binance, "binance/refunds/rA1", { outcome: "SUCCESS" });
      expect(await status(prepayId)).toBe("REFUNDED");
      await control(emu.urls.binance, "deliveries/wait", { timeoutMs: 5000 });
      const [done] = refundHooks();
      expect(done).toMatchObject({
        bizType: "PAY_REFUND",
        bizIdStr: prepayId,
        bizStatus: "REFUND_SUCCESS",
        data: { merchantTradeNo: "ASYNC1", refundInfo: { refundRequestId: "rA1", refundedAmount: "1.00" } },
      });
      const list = await certs();
      expect(hook.received.every((r) => verifyBinance(r.headers, r.body, list))).toBe(true);
    });

    it("settles on its own after binanceRefundDelayMs, and a rejected refund puts the order back to PAID", async () => {
      await control(emu.urls.binance, "config", { binanceRefundDelayMs: 50, binanceRejectRefunds: 1 });
      const prepayId = await paid("ASYNC2");
      await call("/binancepay/openapi/order/refund", { refundRequestId: "rB1", prepayId, refundAmount: "1.00" });
      await hook.waitFor(2);
      await control(emu.urls.binance, "deliveries/wait", { timeoutMs: 5000 });
      expect(refundHooks().map((b) => b.bizStatus)).toEqual(["REFUND_REJECTED"]);
      expect(await status(prepayId)).toBe("PAID");
      // A new request (new id) is accepted again and, with no rejection left, succeeds.
      await call("/binancepay/openapi/order/refund", { refundRequestId: "rB2", prepayId, refundAmount: "1.00" });
      await hook.waitFor(3);
      await control(emu.urls.binance, "deliveries/wait", { timeoutMs: 5000 });
      expect(refundHooks().map((b) => `${b.data.refundInfo.refundRequestId}:${b.bizStatus}`)).toEqual([
        "rB1:REFUND_REJECTED",
        "rB2:REFUND_SUCCESS",
      ]);
      expect(await status(prepayId)).toBe("REFUNDED");
    });
  });
});
