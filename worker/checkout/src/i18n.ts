// Strings of the hosted checkout page in English, Spanish and Brazilian Portuguese.
export const LOCALES = ["en", "es", "pt-BR"] as const;
export type Locale = (typeof LOCALES)[number];

const en = {
  title: "Confirm your booking",
  loading: "Loading checkout…",
  notFound: "This checkout link is not valid.",
  loadError: "The checkout could not be loaded. Check your connection and try again.",
  retry: "Try again",
  event: "Event",
  whenLocal: "Your time",
  whenEvent: "Event time",
  amount: "Commitment fee",
  timeLeft: "Time left to pay",
  language: "Language",
  payWith: "Pay with",
  paypal: "PayPal",
  paypalRedirect: "Pay with PayPal on paypal.com",
  paypalSdkFailed: "PayPal's buttons could not load; use the link instead.",
  binance: "Binance Pay",
  binanceStart: "Show Binance Pay QR code",
  binanceScan: "Scan with the Binance app, or open it directly:",
  binanceOpen: "Open Binance Pay",
  binanceApp: "Open in the Binance app",
  binanceQr: "Binance Pay QR code",
  binanceExpires: "This code expires at",
  mercadopago: "Mercado Pago",
  mercadopagoStart: "Pay with Mercado Pago",
  working: "Working…",
  noProviders: "No payment method is available right now.",
  statusOpen: "Waiting for payment.",
  statusPending: "Payment received, waiting for the provider to confirm it.",
  statusPaid: "Paid — your booking is confirmed. You can close this page.",
  statusExpired: "This hold expired before it was paid.",
  statusCancelled: "This booking was cancelled.",
  statusRefundPending: "The payment arrived after the hold ended; it is being refunded.",
  statusRefunded: "The payment arrived after the hold ended and was refunded.",
  payFailed: "The payment could not be started. Please try again.",
  paypalCancelled: "PayPal payment cancelled. You can try again.",
  extensionTold: "Your LeadsCalendar extension was notified.",
};
export type Strings = typeof en;

const es: Strings = {
  title: "Confirma tu reserva",
  loading: "Cargando el pago…",
  notFound: "Este enlace de pago no es válido.",
  loadError: "No se pudo cargar el pago. Revisa tu conexión e inténtalo de nuevo.",
  retry: "Reintentar",
  event: "Evento",
  whenLocal: "Tu hora",
  whenEvent: "Hora del evento",
  amount: "Cuota de compromiso",
  timeLeft: "Tiempo para pagar",
  language: "Idioma",
  payWith: "Pagar con",
  paypal: "PayPal",
  paypalRedirect: "Pagar con PayPal en paypal.com",
  paypalSdkFailed: "Los botones de PayPal no cargaron; usa el enlace.",
  binance: "Binance Pay",
  binanceStart: "Mostrar código QR de Binance Pay",
  binanceScan: "Escanéalo con la app de Binance o ábrelo directamente:",
  binanceOpen: "Abrir Binance Pay",
  binanceApp: "Abrir en la app de Binance",
  binanceQr: "Código QR de Binance Pay",
  binanceExpires: "Este código vence a las",
  mercadopago: "Mercado Pago",
  mercadopagoStart: "Pagar con Mercado Pago",
  working: "Procesando…",
  noProviders: "No hay medios de pago disponibles ahora.",
  statusOpen: "Esperando el pago.",
  statusPending: "Pago recibido; esperando la confirmación del proveedor.",
  statusPaid: "Pagado: tu reserva está confirmada. Puedes cerrar esta página.",
  statusExpired: "La reserva venció antes de pagarse.",
  statusCancelled: "Esta reserva fue cancelada.",
  statusRefundPending: "El pago llegó después del vencimiento; se está reembolsando.",
  statusRefunded: "El pago llegó después del vencimiento y fue reembolsado.",
  payFailed: "No se pudo iniciar el pago. Inténtalo de nuevo.",
  paypalCancelled: "Pago con PayPal cancelado. Puedes intentarlo de nuevo.",
  extensionTold: "Se avisó a tu extensión LeadsCalendar.",
};

const ptBR: Strings = {
  title: "Confirme sua reserva",
  loading: "Carregando o pagamento…",
  notFound: "Este link de pagamento não é válido.",
  loadError: "Não foi possível carregar o pagamento. Verifique sua conexão e tente novamente.",
  retry: "Tentar novamente",
  event: "Evento",
  whenLocal: "Seu horário",
  whenEvent: "Horário do evento",
  amount: "Taxa de compromisso",
  timeLeft: "Tempo para pagar",
  language: "Idioma",
  payWith: "Pagar com",
  paypal: "PayPal",
  paypalRedirect: "Pagar com PayPal em paypal.com",
  paypalSdkFailed: "Os botões do PayPal não carregaram; use o link.",
  binance: "Binance Pay",
  binanceStart: "Mostrar QR code do Binance Pay",
  binanceScan: "Escaneie com o app da Binance ou abra diretamente:",
  binanceOpen: "Abrir Binance Pay",
  binanceApp: "Abrir no app da Binance",
  binanceQr: "QR code do Binance Pay",
  binanceExpires: "Este código expira às",
  mercadopago: "Mercado Pago",
  mercadopagoStart: "Pagar com Mercado Pago",
  working: "Processando…",
  noProviders: "Nenhuma forma de pagamento disponível agora.",
  statusOpen: "Aguardando pagamento.",
  statusPending: "Pagamento recebido; aguardando a confirmação do provedor.",
  statusPaid: "Pago — sua reserva está confirmada. Você pode fechar esta página.",
  statusExpired: "A reserva expirou antes do pagamento.",
  statusCancelled: "Esta reserva foi cancelada.",
  statusRefundPending: "O pagamento chegou depois do prazo; está sendo reembolsado.",
  statusRefunded: "O pagamento chegou depois do prazo e foi reembolsado.",
  payFailed: "Não foi possível iniciar o pagamento. Tente novamente.",
  paypalCancelled: "Pagamento com PayPal cancelado. Você pode tentar novamente.",
  extensionTold: "Sua extensão LeadsCalendar foi avisada.",
};

export const STRINGS: Record<Locale, Strings> = { en, es, "pt-BR": ptBR };

/** The best supported locale: an explicit choice, then the checkout's, then the browser's. */
export function pickLocale(...candidates: (string | null | undefined)[]): Locale {
  for (const c of candidates) {
    if (!c) continue;
    const exact = LOCALES.find((l) => l.toLowerCase() === c.toLowerCase());
    if (exact) return exact;
    const base = c.toLowerCase().split("-")[0];
    if (base === "pt") return "pt-BR";
    if (base === "es") return "es";
    if (base === "en") return "en";
  }
  return "en";
}
