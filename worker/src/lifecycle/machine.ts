// The Worker's payment lifecycle as data: every status a row of checkouts, provider_orders,
// payments, refunds or attendance can have, and every move between them, with the states each move may start
// from. `moveStmt` (./move.ts) turns a move into one guarded `UPDATE … WHERE status IN (…)`, so a
// move that lost a race to another request changes nothing and says so. Documented in
// docs/architecture.md ("Payment lifecycle"). The extension's booking machine is
// utils/booking/machine.ts; this is the Worker's side of the same story.

/** One move: the states it may start from, and the state it leads to (`null` keeps the status). */
export interface MoveDef<S extends string> {
  readonly from: readonly S[];
  readonly to: S | null;
}

/** A table whose `status` column follows a machine. */
export interface MachineDef<S extends string = string, K extends string = string> {
  readonly table: string;
  /** The primary key columns; a move names one row by them. */
  readonly key: readonly K[];
  readonly states: readonly S[];
  readonly moves: Readonly<Record<string, MoveDef<S>>>;
}

const ACTIVE = ["open", "pending"] as const;

/**
 * A checkout (one per booking). `paid`, `expired`, `cancelled` and `refunded` are final for the
 * extension; `refund_pending` means money came when it could no longer be taken and is going back.
 */
export const CHECKOUT = {
  table: "checkouts",
  key: ["booking_id"],
  states: ["open", "pending", "paid", "expired", "cancelled", "refund_pending", "refunded"],
  moves: {
    /** A provider reports a payment in progress (PayPal capture PENDING, Mercado Pago in_process). */
    payment_started: { from: ["open"], to: "pending" },
    /** That payment was declined or rejected: the payer may try again, with any provider. */
    payment_failed: { from: ["pending"], to: "open" },
    /** A final payment landed inside the hold. */
    pay: { from: ACTIVE, to: "paid" },
    /** The hold ran out (callers add `hold_until <= now` to the guard). */
    expire: { from: ACTIVE, to: "expired" },
    /** The extension cancelled the booking. */
    cancel: { from: ACTIVE, to: "cancelled" },
    /** A payment landed after the hold, after a cancel, or for a checkout that cannot take it. */
    late_payment: { from: ["open", "pending", "expired", "cancelled"], to: "refund_pending" },
    /** Every refund of the checkout finished. */
    refunded: { from: ["refund_pending"], to: "refunded" },
    /** A booking-page checkout whose slot became busy before its event existed: its payment goes back. */
    slot_lost: { from: ["paid"], to: "refund_pending" },
    /** The extension renamed or moved the event: recorded in any state, it is what the calendar now says. */
    edit_event: {
      from: ["open", "pending", "paid", "expired", "cancelled", "refund_pending", "refunded"],
      to: null,
    },
    /** Summary, times or hold edited while the checkout can still be paid (status kept). */
    edit_hold: { from: ACTIVE, to: null },
    /** The lead cancelled a paid booking on the manage page in time: the fee goes back. */
    lead_cancel_refund: { from: ["paid"], to: "refund_pending" },
    /** The lead cancelled a paid booking after the refund deadline: the fee is kept. */
    lead_cancel_keep: { from: ["paid"], to: "cancelled" },
    /** The lead moved a paid booking to another time (status kept; the payment carries over). */
    reschedule: { from: ["paid"], to: null },
  },
} as const satisfies MachineDef;

/**
 * An order (PayPal order, Binance prepay order, Mercado Pago preference). `closed` orders take no
 * new payment from us, but a payment the provider still reports for one is applied (and refunded
 * if it came too late), so `closed → paid` is allowed.
 */
export const ORDER = {
  table: "provider_orders",
  key: ["provider", "order_id"],
  states: ["open", "paid", "closed"],
  moves: {
    /** A payment for this order was applied. */
    paid: { from: ["open", "closed"], to: "paid" },
    /** The provider no longer accepts payment for it (expired, cancelled, declined, hold over). */
    close: { from: ["open"], to: "closed" },
    /** The cron looked at it and found nothing final: schedules the next look (status kept). */
    checked: { from: ["open"], to: null },
  },
} as const satisfies MachineDef;

/** Money received, one row per provider payment id. */
export const PAYMENT = {
  table: "payments",
  key: ["provider", "payment_id"],
  states: ["completed", "refund_pending", "refunded"],
  moves: {
    /** A payment that paid its checkout has to go back (e.g. the slot it paid for was taken). */
    refund_due: { from: ["completed"], to: "refund_pending" },
    /** Its refund reached a final, successful state at the provider. */
    refund_finished: { from: ["refund_pending"], to: "refunded" },
    /** The provider reports a refund we did not ask for (made in the provider's dashboard). */
    refunded_elsewhere: { from: ["completed"], to: "refunded" },
  },
} as const satisfies MachineDef;

/**
 * A refund of one payment, the work item the cron drives. `due`: to be requested (first time, after
 * a failed call, or after the provider rejected it); `requested`: the provider accepted the request
 * and has not given a final answer (Binance REFUNDING, PayPal PENDING); `completed`: final.
 */
export const REFUND = {
  table: "refunds",
  key: ["provider", "payment_id"],
  states: ["due", "requested", "completed"],
  moves: {
    /** The provider accepted the request; the outcome comes later (webhook or status query). */
    requested: { from: ["due"], to: "requested" },
    /** The provider rejected or failed it (later, or at once): due again, asked as a new request. */
    rejected: { from: ["due", "requested"], to: "due" },
    /** Final success, including "already refunded" answers. */
    finished: { from: ["due", "requested"], to: "completed" },
    /** A call failed or the answer is not final yet: schedules the next attempt (status kept). */
    retry_later: { from: ["due", "requested"], to: null },
  },
} as const satisfies MachineDef;

/**
 * Whether the lead of a refundable booking attended (one row per paid refundable checkout whose
 * event ended). Every state but `awaiting` is final: an answer is given once. Answers carry
 * `answer_by > now` in their guard and the defaults `answer_by <= now`, so an answer and the
 * cron's default racing at the window's edge end with exactly one of them.
 */
export const ATTENDANCE = {
  table: "attendance",
  key: ["booking_id"],
  states: ["awaiting", "attended", "no_show", "defaulted_refund", "defaulted_keep"],
  moves: {
    /** The host says the lead came: the fee goes back. */
    attended: { from: ["awaiting"], to: "attended" },
    /** The host says the lead did not come: the fee is kept. */
    no_show: { from: ["awaiting"], to: "no_show" },
    /** No answer in time and the host's default is "refund". */
    default_refund: { from: ["awaiting"], to: "defaulted_refund" },
    /** No answer in time and the host's default is "keep". */
    default_keep: { from: ["awaiting"], to: "defaulted_keep" },
  },
} as const satisfies MachineDef;

/** Every machine, for the table test and the docs. */
export const MACHINES = {
  checkout: CHECKOUT,
  order: ORDER,
  payment: PAYMENT,
  refund: REFUND,
  attendance: ATTENDANCE,
} as const;

export type Machine = (typeof MACHINES)[keyof typeof MACHINES];
export type StateOf<M extends MachineDef> = M["states"][number];
export type MoveOf<M extends MachineDef> = keyof M["moves"] & string;
export type KeyOf<M extends MachineDef> = { [K in M["key"][number]]: string };

export type CheckoutStatus = StateOf<typeof CHECKOUT>;
export type OrderStatus = StateOf<typeof ORDER>;
export type PaymentStatus = StateOf<typeof PAYMENT>;
export type RefundStatus = StateOf<typeof REFUND>;
export type AttendanceStatus = StateOf<typeof ATTENDANCE>;

/** The states a move may start from (for SQL guards such as "is this checkout still payable"). */
export function fromStates<M extends MachineDef>(m: M, move: MoveOf<M>): readonly StateOf<M>[] {
  return (m.moves[move] as MoveDef<StateOf<M>>).from;
}

/** Where `move` leads from `status`, or `undefined` when the move is refused there. */
export function nextState<M extends MachineDef>(m: M, status: StateOf<M>, move: MoveOf<M>): StateOf<M> | undefined {
  const def = m.moves[move] as MoveDef<StateOf<M>>;
  if (!def.from.includes(status)) return undefined;
  return def.to ?? status;
}

/** `('a','b')` for an SQL `IN`; states are our own constants, never input. */
export function sqlList(states: readonly string[]): string {
  return `(${states.map((s) => `'${s}'`).join(",")})`;
}

/** Statuses in which a checkout can still be paid, cancelled, expired or edited. */
export const CHECKOUT_ACTIVE: readonly CheckoutStatus[] = fromStates(CHECKOUT, "pay");
