import { storage } from "wxt/utils/storage";
import { lazyItem } from "../../lazy-item";
import type { MessageKey } from "../../message-key";

/** Backoff state of the batched status poll (docs/architecture.md "How the extension learns \"paid\"", 2). */
export interface PollState {
  /** Seconds until the next poll; starts at 30 (Chrome's minimum alarm delay) and backs off. */
  delaySec: number;
  /** RFC 3339 time of the last completed poll, for troubleshooting. */
  lastPollAt: string | null;
}

/** First and shortest poll delay: Chrome refuses alarms under 30 s. */
export const POLL_MIN_SEC = 30;
/** Longest poll delay: a payment the checkout page failed to report is seen within 5 minutes. */
export const POLL_MAX_SEC = 300;

/** The poll's backoff; reset to {@link POLL_MIN_SEC} whenever a booking starts awaiting payment. */
export const pollStateItem = lazyItem(() =>
  storage.defineItem<PollState>("local:trackerPoll", {
    fallback: { delaySec: POLL_MIN_SEC, lastPollAt: null },
    version: 1,
  }),
);

/** Incremental sync position of one calendar. */
export interface CalendarSyncState {
  /** Google's `nextSyncToken`; absent until a full listing has completed. */
  syncToken?: string;
  /**
   * Where an unfinished listing (full or incremental) resumes: pages are bounded per run, so a big
   * calendar takes several poll ticks to list once.
   */
  pageToken?: string;
}

/** Sync position per calendar id. Dropped per calendar on 410 (`fullSyncRequired`). */
export const syncStateItem = lazyItem(() =>
  storage.defineItem<Record<string, CalendarSyncState>>("local:trackerSync", {
    fallback: {},
    version: 1,
  }),
);

/**
 * Kinds of background actions that can wait for the network. `create` is a booking whose creation
 * failed for lack of network (made offline from the popup); it resumes at the step that failed.
 */
export type PendingKind = "create" | "confirm" | "expire" | "cancel" | "update_checkout";

/** Why a booking is being cancelled from the background; picks the steps and the notification text. */
export type CancelReason = "user" | "deleted_in_google" | "cancelled_elsewhere";

/** One action that failed for lack of network, retried when the browser is back online. */
export interface PendingAction {
  kind: PendingKind;
  bookingId: string;
  /**
   * For `cancel`: why, so a replay repeats the same cancel (a deleted event is not touched again).
   * Absent in entries queued before it existed: those were the user's.
   */
  reason?: CancelReason;
  /** The booking's title when queued, so the popup can say what is waiting without a lookup. */
  summary: string;
  /** RFC 3339 time it was first queued. */
  queuedAt: string;
  /** Retries so far (the first failure not counted). */
  attempts: number;
  /** Technical detail of the last failure. */
  lastError: string;
}

/** The offline queue: at most one action per booking and kind, oldest first. */
export const offlineQueueItem = lazyItem(() =>
  storage.defineItem<PendingAction[]>("local:trackerOfflineQueue", {
    fallback: [],
    version: 1,
  }),
);

/** The last problem shown for a booking, so a failure repeating on every poll is not re-shown each time. */
export interface ShownProblem {
  /** i18n key of the message shown (`describeError(e).code`). */
  code: MessageKey;
  /** RFC 3339 time it was shown. */
  at: string;
}

/** Problems shown per booking id; entries older than a week are dropped when a new one is written. */
export const problemsItem = lazyItem(() =>
  storage.defineItem<Record<string, ShownProblem>>("local:trackerProblems", {
    fallback: {},
    version: 1,
  }),
);
