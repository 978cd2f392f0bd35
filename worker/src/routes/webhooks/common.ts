import * as v from "valibot";
import type { Provider } from "../../../../utils/api/contract";
import { recordEventStmt } from "../../db";
import { ApiError } from "../../errors";
import type { Ctx } from "../../http";

/** Header getter for the verifiers. */
export const header = (c: Ctx) => (name: string) => c.req.header(name) ?? null;

/** 401 for a delivery that failed verification; logs only which check failed. */
export function rejectSignature(provider: Provider, reason: string): never {
  // The reason names the failed check only; headers and bodies stay out of the logs. The answer
  // never says which check failed, so a forger learns nothing from trying.
  console.warn(`${provider} webhook rejected: ${reason}`);
  throw new ApiError(401, "invalid_signature", SIGNATURE_REJECTED);
}

/** The one message of every 401 for a webhook signature. */
export const SIGNATURE_REJECTED = "The signature could not be verified.";

/** Parses a verified body: 400 when it is not JSON or not a notification we understand. */
export function parseJson<S extends v.GenericSchema>(text: string, schema: S): v.InferOutput<S> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new ApiError(400, "invalid_json", "The body is not valid JSON.");
  }
  const res = v.safeParse(schema, raw);
  if (!res.success) throw new ApiError(400, "invalid_request", "The body is not a notification we understand.");
  return res.output;
}

/** Checks a verified body's inner resource against a provider schema: 400 when it does not fit. */
export function parseResource<S extends v.GenericSchema>(value: unknown, schema: S): v.InferOutput<S> {
  const res = v.safeParse(schema, value);
  if (!res.success) throw new ApiError(400, "invalid_request", "The notification's resource is not one we understand.");
  return res.output;
}

/** 422: authentic, but not what our order says. */
export const mismatch = (what: string) => new ApiError(422, "mismatch", what);
/** 422: authentic, but no order of ours. */
export const unknownReference = () => new ApiError(422, "unknown_reference", "No order of ours has this reference.");

/** Records an applied event that changed nothing else. */
export async function recordOnly(c: Ctx, provider: Provider, id: string, type: string, bookingId: string | null) {
  await recordEventStmt(c.env.DB, provider, id, type, bookingId).run();
}
