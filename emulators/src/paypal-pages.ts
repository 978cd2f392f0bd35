// PayPal buyer pages: the approve page behind the order's approve/payer-action link, and the
// JS SDK script at /sdk/js that @paypal/react-paypal-js loads through `sdkBaseUrl`.
import type { Hono } from "hono";
import { approveOrder, cancelOrderUrl } from "./paypal-actions.ts";
import { SDK_SCRIPT } from "./paypal-sdk.ts";
import type { CaptureOutcome, PayPalState } from "./paypal-state.ts";
import type { Ctx } from "./types.ts";
import { buttonForm, esc, page } from "./util.ts";

const OUTCOMES: CaptureOutcome[] = ["COMPLETED", "PENDING", "DECLINED", "INSTRUMENT_DECLINED"];

/**
 * Page shown in the SDK popup after a decision: tells the opener. A cancel closes itself; an
 * approval stays open ("processing", as PayPal's popup does) until the SDK closes it once the
 * merchant's onApprove settles, or sends it back to the approve page on `actions.restart()`.
 * It closes itself when its opener goes away.
 */
function popupResult(decision: "approve" | "cancel", orderId: string, payer: string): string {
  // JSON.stringify + "<" escaping keeps the inline script safe whatever the ids contain.
  const msg = JSON.stringify({ source: "paypal-emulator", decision, orderID: orderId, payerID: payer }).replace(
    /</g,
    "\\u003c",
  );
  const origin = JSON.stringify("*");
  const after =
    decision === "approve"
      ? "setInterval(function(){if(!window.opener||window.opener.closed){window.close();}},500);"
      : "setTimeout(function(){window.close();},50);";
  return page(
    "PayPal",
    `<p id="result">${decision === "approve" ? "Payment approved. Finishing your payment…" : "Payment cancelled. You can close this window."}</p>
<script>try{if(window.opener){window.opener.postMessage(${msg},${origin});}}finally{${after}}</script>`,
  );
}

export function paypalPageRoutes(app: Hono, ctx: Ctx, st: PayPalState): void {
  app.get("/sdk/js", (c) => {
    if (c.req.query("client-id") !== ctx.creds.paypal.clientId) {
      // Real PayPal answers an unknown client-id with 400, so the script's onerror fires.
      return c.body("throw new Error('SDK Validation error: Client-id not recognized');", 400, {
        "content-type": "application/javascript",
      });
    }
    return c.body(SDK_SCRIPT, 200, {
      "content-type": "application/javascript; charset=utf-8",
      "cache-control": "no-store",
    });
  });

  app.get("/checkoutnow", (c) => {
    const id = c.req.query("token") ?? "";
    const o = st.orders.get(id);
    if (!o) return c.html(page("PayPal", "<h1>Order not found</h1>"), 404);
    const sdk = c.req.query("sdk") === "1" ? "1" : "0";
    if (o.status !== "CREATED" && o.status !== "PAYER_ACTION_REQUIRED" && o.status !== "APPROVED") {
      return c.html(page("PayPal", `<h1>This order is ${esc(o.status)}</h1>`), 422);
    }
    const pu = o.purchaseUnits[0] ?? {};
    const amount = pu.amount as { currency_code: string; value: string };
    const outcome = `<p><label>Test outcome of the capture <select name="outcome" form="decision">${OUTCOMES.map((x) => `<option value="${x}">${x}</option>`).join("")}</select></label></p>`;
    const form = buttonForm("/checkoutnow", { token: o.id, sdk }, [
      { name: "decision", value: "approve", label: "Approve" },
      { name: "decision", value: "cancel", label: "Cancel" },
    ]).replace("<form ", '<form id="decision" ');
    return c.html(
      page(
        "PayPal Checkout",
        `<h1>Pay with PayPal</h1>
<p>Order <code>${esc(o.id)}</code>: <strong>${esc(amount.value)} ${esc(amount.currency_code)}</strong></p>
<p>${esc(String(pu.description ?? ""))}</p>${outcome}${form}`,
      ),
    );
  });

  app.post("/checkoutnow", async (c) => {
    const form = new URLSearchParams(await c.req.text());
    const id = form.get("token") ?? "";
    const sdk = form.get("sdk") === "1";
    const decision = form.get("decision") === "approve" ? "approve" : "cancel";
    const outcome = OUTCOMES.find((x) => x === form.get("outcome")) ?? "COMPLETED";
    if (!st.orders.has(id)) return c.html(page("PayPal", "<h1>Order not found</h1>"), 404);
    if (decision === "cancel") {
      const url = cancelOrderUrl(st, id);
      if (sdk) return c.html(popupResult("cancel", id, ""));
      return url ? c.redirect(url, 302) : c.html(page("PayPal", "<h1>Payment cancelled</h1>"));
    }
    const url = approveOrder(ctx, st, id, outcome);
    if (url instanceof Error) return c.html(page("PayPal", `<h1>${esc(url.message)}</h1>`), 422);
    if (sdk) return c.html(popupResult("approve", id, st.orders.get(id)?.payer?.payer_id ?? ""));
    return url ? c.redirect(url, 302) : c.html(page("PayPal", "<h1>Payment approved</h1>"));
  });
}
