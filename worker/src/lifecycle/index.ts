// The Worker's payment lifecycle: the transition table, the one guarded move, refund moves and
// the "checkout paid" / "refund finished" hooks. See docs/architecture.md ("Payment lifecycle").
export * from "./hooks";
export * from "./machine";
export * from "./move";
export * from "./refunds";
export * from "./schedule";
