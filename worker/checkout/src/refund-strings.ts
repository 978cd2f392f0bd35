// The fee's refund rule in the checkout's words, apart from the checkout's other strings: the
// booking page shows the same rule and loads only these, not the checkout's whole table.
import type { Locale } from "./locale";

const en = {
  refunds: "Refunds",
  refundNo: "Not refundable.",
  refundYes: "Refundable: the organizer refunds it after the event if you attend.",
  noAnswerKeep: "If the organizer does not say within $1 hours after the event, the fee is kept.",
  noAnswerRefund: "If the organizer does not say within $1 hours after the event, it is refunded anyway.",
};
/** The refund rule's words: its heading, and `$1` for the hours the organizer has to answer. */
export type RefundStrings = typeof en;

const es: RefundStrings = {
  refunds: "Reembolsos",
  refundNo: "No reembolsable.",
  refundYes: "Reembolsable: quien organiza te la devuelve después del evento si asistes.",
  noAnswerKeep: "Si quien organiza no responde en $1 horas después del evento, la tarifa se conserva.",
  noAnswerRefund: "Si quien organiza no responde en $1 horas después del evento, se reembolsa igualmente.",
};

const ptBR: RefundStrings = {
  refunds: "Reembolsos",
  refundNo: "Não reembolsável.",
  refundYes: "Reembolsável: quem organiza devolve a taxa depois do evento se você comparecer.",
  noAnswerKeep: "Se quem organiza não responder em $1 horas depois do evento, a taxa fica retida.",
  noAnswerRefund: "Se quem organiza não responder em $1 horas depois do evento, ela é reembolsada mesmo assim.",
};

/** The refund rule's words in each hosted page language; the checkout's STRINGS include them. */
export const REFUND_STRINGS: Record<Locale, RefundStrings> = { en, es, "pt-BR": ptBR };
