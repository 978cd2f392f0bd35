import type { MessageError, sendMessage as SendMessage } from "../messaging";

/**
 * `sendMessage` loaded on first use. Nothing in the popup needs the background before its form
 * shows, so the messaging library (and the browser polyfill it brings) stays out of the first
 * frame's script.
 */
export const send = ((...args: Parameters<typeof SendMessage>) =>
  import("../messaging").then((m) => m.sendMessage(...args))) as typeof SendMessage;

/** The answer of a call whose channel broke (the background is restarting): "try again". */
export function unreachable(e: unknown): { ok: false; error: MessageError } {
  return { ok: false, error: { code: "errUnexpected", message: String(e) } };
}
