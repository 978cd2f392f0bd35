// Orders v2 create-request validation, with PayPal's issue codes, so clients see the same 400/422
// answers as against the real API.
import type { Detail, PayPalOrder } from "./paypal-state.ts";
import { isObject } from "./util.ts";

type Checked =
  | { status: 400 | 422; details: Detail[] }
  | { order: Pick<PayPalOrder, "intent" | "status" | "purchaseUnits" | "paymentSource" | "returnUrl" | "cancelUrl"> };

const missing = (field: string): Detail => ({
  field,
  location: "body",
  issue: "MISSING_REQUIRED_PARAMETER",
  description: "A required field / parameter is missing.",
});

const invalid = (field: string, value: unknown, issue = "INVALID_PARAMETER_VALUE"): Detail => ({
  field,
  value: String(value),
  location: "body",
  issue,
  description: "The value of a field is invalid.",
});

function isUrl(s: unknown): s is string {
  if (typeof s !== "string") return false;
  try {
    const u = new URL(s);
    return u.protocol === "http:" || u.protocol === "https:";
  } catch {
    return false;
  }
}

/** Checks a create-order body; returns PayPal error details or the order's fields. */
export function validateOrder(body: unknown): Checked {
  if (!isObject(body))
    return {
      status: 400,
      details: [{ issue: "MALFORMED_REQUEST_JSON", description: "The request JSON is not well formed." }],
    };
  if (body.intent === undefined) return { status: 400, details: [missing("/intent")] };
  if (body.intent !== "CAPTURE" && body.intent !== "AUTHORIZE")
    return { status: 400, details: [invalid("/intent", body.intent)] };
  const units = body.purchase_units;
  if (!Array.isArray(units) || units.length === 0) return { status: 400, details: [missing("/purchase_units")] };
  if (units.length > 10)
    return { status: 400, details: [invalid("/purchase_units", units.length, "INVALID_ARRAY_MAX_ITEMS")] };
  for (const [i, pu] of units.entries()) {
    const at = `/purchase_units/@reference_id=='${isObject(pu) ? (pu.reference_id ?? "default") : i}'`;
    if (!isObject(pu))
      return { status: 400, details: [invalid(`/purchase_units/${i}`, "", "INVALID_PARAMETER_SYNTAX")] };
    const amount = pu.amount;
    if (!isObject(amount)) return { status: 400, details: [missing(`${at}/amount`)] };
    if (typeof amount.currency_code !== "string")
      return { status: 400, details: [missing(`${at}/amount/currency_code`)] };
    if (!/^[A-Z]{3}$/.test(amount.currency_code))
      return {
        status: 400,
        details: [invalid(`${at}/amount/currency_code`, amount.currency_code, "INVALID_PARAMETER_SYNTAX")],
      };
    if (typeof amount.value !== "string") return { status: 400, details: [missing(`${at}/amount/value`)] };
    if (!/^((-?[0-9]+)|(-?([0-9]+)?[.][0-9]+))$/.test(amount.value))
      return { status: 400, details: [invalid(`${at}/amount/value`, amount.value, "INVALID_PARAMETER_SYNTAX")] };
    if (/\.\d{3,}$/.test(amount.value))
      return { status: 422, details: [invalid(`${at}/amount/value`, amount.value, "DECIMAL_PRECISION")] };
    if (Number(amount.value) <= 0)
      return { status: 422, details: [invalid(`${at}/amount/value`, amount.value, "CANNOT_BE_ZERO_OR_NEGATIVE")] };
    for (const f of ["custom_id", "invoice_id", "reference_id"] as const) {
      const v = pu[f];
      if (v === undefined) continue;
      if (typeof v !== "string" || v.length > (f === "reference_id" ? 256 : 127)) {
        return { status: 400, details: [invalid(`${at}/${f}`, v, "INVALID_STRING_MAX_LENGTH")] };
      }
    }
    if (pu.description !== undefined && (typeof pu.description !== "string" || pu.description.length > 127)) {
      return { status: 400, details: [invalid(`${at}/description`, pu.description, "INVALID_STRING_MAX_LENGTH")] };
    }
  }
  // payment_source.paypal.experience_context is the current place; application_context the deprecated one.
  const source = isObject(body.payment_source) ? body.payment_source : null;
  const exp =
    source && isObject(source.paypal) && isObject(source.paypal.experience_context)
      ? source.paypal.experience_context
      : null;
  const legacy = isObject(body.application_context) ? body.application_context : null;
  const ctx = exp ?? legacy ?? {};
  const where = exp ? "/payment_source/paypal/experience_context" : "/application_context";
  for (const f of ["return_url", "cancel_url"] as const) {
    if (ctx[f] !== undefined && !isUrl(ctx[f]))
      return { status: 400, details: [invalid(`${where}/${f}`, ctx[f], "INVALID_PARAMETER_SYNTAX")] };
  }
  if (exp && exp.user_action !== undefined && exp.user_action !== "PAY_NOW" && exp.user_action !== "CONTINUE") {
    return { status: 400, details: [invalid(`${where}/user_action`, exp.user_action)] };
  }
  return {
    order: {
      intent: body.intent,
      status: exp ? "PAYER_ACTION_REQUIRED" : "CREATED",
      purchaseUnits: units as Record<string, unknown>[],
      paymentSource: source,
      returnUrl: typeof ctx.return_url === "string" ? ctx.return_url : null,
      cancelUrl: typeof ctx.cancel_url === "string" ? ctx.cancel_url : null,
    },
  };
}
