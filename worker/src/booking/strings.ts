// The few texts the Worker itself writes for people: the event description (read by the lead and
// the host in Google Calendar) and the connect/callback pages. en, es and pt-BR.
export type Lang = "en" | "es" | "pt-BR";

const TEXT = {
  en: {
    notes: "Notes from $1:",
    receipt: "Paid $1 $2 with $3 — transaction $4 — $5",
    booked: "Booked through LeadsCalendar.",
    manage: "Cancel, reschedule or get a receipt: $1",
    feeKept: "The fee is not refundable.",
    feeAttendKeep:
      "The fee is refunded if you attend: the host confirms it after the event. Without an answer within $1 hours, the fee is kept.",
    feeAttendRefund:
      "The fee is refunded if you attend: the host confirms it after the event. Without an answer within $1 hours, it is refunded anyway.",
    connectedTitle: "Calendar connected",
    connectedBody: "The booking page can now read $1's free/busy times and create events. You can close this tab.",
    wrongTitle: "Wrong Google account",
    wrongBody: "Only $1 can connect this booking page. Nothing was stored. Try again and choose that account.",
    failedTitle: "Connection failed",
    failedBody: "Google did not complete the connection ($1). Nothing was stored. Please try again.",
    retry: "Try again",
  },
  es: {
    notes: "Notas de $1:",
    receipt: "Pagado $1 $2 con $3 — transacción $4 — $5",
    booked: "Reservado con LeadsCalendar.",
    manage: "Cancelar, cambiar de horario u obtener un recibo: $1",
    feeKept: "La tarifa no es reembolsable.",
    feeAttendKeep:
      "La tarifa se reembolsa si asistes: el anfitrión lo confirma después del evento. Sin respuesta en $1 horas, la tarifa se conserva.",
    feeAttendRefund:
      "La tarifa se reembolsa si asistes: el anfitrión lo confirma después del evento. Sin respuesta en $1 horas, se reembolsa igualmente.",
    connectedTitle: "Calendario conectado",
    connectedBody:
      "La página de reservas ya puede leer los horarios libres y ocupados de $1 y crear eventos. Puedes cerrar esta pestaña.",
    wrongTitle: "Cuenta de Google incorrecta",
    wrongBody:
      "Solo $1 puede conectar esta página de reservas. No se guardó nada. Vuelve a intentarlo y elige esa cuenta.",
    failedTitle: "La conexión falló",
    failedBody: "Google no completó la conexión ($1). No se guardó nada. Vuelve a intentarlo.",
    retry: "Reintentar",
  },
  "pt-BR": {
    notes: "Observações de $1:",
    receipt: "Pago $1 $2 com $3 — transação $4 — $5",
    booked: "Agendado pelo LeadsCalendar.",
    manage: "Cancelar, remarcar ou obter um recibo: $1",
    feeKept: "A taxa não é reembolsável.",
    feeAttendKeep:
      "A taxa é reembolsada se você comparecer: o anfitrião confirma depois do evento. Sem resposta em $1 horas, a taxa fica retida.",
    feeAttendRefund:
      "A taxa é reembolsada se você comparecer: o anfitrião confirma depois do evento. Sem resposta em $1 horas, ela é reembolsada mesmo assim.",
    connectedTitle: "Agenda conectada",
    connectedBody:
      "A página de agendamento já pode ler os horários livres e ocupados de $1 e criar eventos. Você pode fechar esta aba.",
    wrongTitle: "Conta do Google errada",
    wrongBody: "Só $1 pode conectar esta página de agendamento. Nada foi salvo. Tente de novo e escolha essa conta.",
    failedTitle: "A conexão falhou",
    failedBody: "O Google não concluiu a conexão ($1). Nada foi salvo. Tente de novo.",
    retry: "Tentar de novo",
  },
} as const;

export type TextKey = keyof (typeof TEXT)["en"];

/** The text in `lang` with `$1`, `$2`… replaced. */
export function text(lang: Lang, key: TextKey, ...args: string[]): string {
  return TEXT[lang][key].replace(/\$(\d)/g, (_, n: string) => args[Number(n) - 1] ?? "");
}

/** Our language for a stored locale or an Accept-Language header (English when none matches). */
export function langOf(input: string | null | undefined): Lang {
  for (const part of (input ?? "").split(",")) {
    const tag = part.split(";")[0]?.trim().toLowerCase() ?? "";
    if (tag.startsWith("pt")) return "pt-BR";
    if (tag.startsWith("es")) return "es";
    if (tag.startsWith("en")) return "en";
  }
  return "en";
}

const PROVIDER_NAMES: Record<string, string> = {
  paypal: "PayPal",
  binance: "Binance Pay",
  mercadopago: "Mercado Pago",
};

/** The fee's refund rule in words, for the event description (the checkout page says the same). */
export function feeRuleLine(
  lang: Lang,
  rule: { refundable: boolean; noAnswer: "refund" | "keep" },
  windowHours: number,
): string {
  if (!rule.refundable) return text(lang, "feeKept");
  const hours = new Intl.NumberFormat(lang, { maximumFractionDigits: 2 }).format(windowHours);
  return text(lang, rule.noAnswer === "refund" ? "feeAttendRefund" : "feeAttendKeep", hours);
}

/** "Paid 1.00 USD with PayPal — transaction X — <time in the zone>", the receipt line of the event. */
export function receiptLine(
  lang: Lang,
  r: { provider: string; amount: string; currency: string; transactionId: string; paidAt: string },
  zone: string,
): string {
  const when = new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short", timeZone: zone }).format(
    new Date(r.paidAt),
  );
  return text(lang, "receipt", r.amount, r.currency, PROVIDER_NAMES[r.provider] ?? r.provider, r.transactionId, when);
}
