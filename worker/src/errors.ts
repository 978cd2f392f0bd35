import type { ContentfulStatusCode } from "hono/utils/http-status";

/** An error with an HTTP status and a stable machine-readable code, rendered as the API's JSON error body. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The one error body shape of the API: `{ error: { code, message } }`. */
export function errorBody(code: string, message: string) {
  return { error: { code, message } };
}
