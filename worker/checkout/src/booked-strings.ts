// Strings of the booking-page part of the checkout page (Booked.tsx), in the page's three languages.
import type { Locale } from "./i18n";

const en = {
  bookedTitle: "Booked",
  bookedBody: "Your booking is confirmed and the host's calendar has it. An invitation is on its way to your email.",
  creatingBody: "Paid. Your booking is being added to the host's calendar; this page updates by itself.",
  slotLostBody:
    "Someone else's booking took this time while you were paying. Your payment is being refunded in full; please pick another time.",
  releasedBody: "This time was released because it was not paid in time.",
  pickAnother: "Pick another time",
  yourTime: "Your time",
  hostTime: "Host's time",
  meet: "Join with Google Meet",
  ics: "Add to your calendar (.ics)",
  manage: "Cancel, reschedule or get a receipt",
  cancelledBody: "You cancelled this booking.",
};
export type BookedStrings = typeof en;

const es: BookedStrings = {
  bookedTitle: "Reservado",
  bookedBody:
    "Tu reserva está confirmada y ya está en el calendario del anfitrión. Te llegará una invitación por correo.",
  creatingBody: "Pagado. Tu reserva se está agregando al calendario del anfitrión; esta página se actualiza sola.",
  slotLostBody:
    "Otra reserva tomó este horario mientras pagabas. Se te devolverá el pago completo; elige otro horario, por favor.",
  releasedBody: "Este horario se liberó porque no se pagó a tiempo.",
  pickAnother: "Elegir otro horario",
  yourTime: "Tu horario",
  hostTime: "Horario del anfitrión",
  meet: "Unirse con Google Meet",
  ics: "Agregar a tu calendario (.ics)",
  manage: "Cancelar, cambiar de horario u obtener un recibo",
  cancelledBody: "Cancelaste esta reserva.",
};

const ptBR: BookedStrings = {
  bookedTitle: "Agendado",
  bookedBody: "Seu agendamento está confirmado e já está na agenda do anfitrião. Um convite chegará no seu e-mail.",
  creatingBody: "Pago. Seu agendamento está sendo adicionado à agenda do anfitrião; esta página se atualiza sozinha.",
  slotLostBody:
    "Outro agendamento ocupou este horário enquanto você pagava. Seu pagamento será reembolsado integralmente; escolha outro horário.",
  releasedBody: "Este horário foi liberado porque não foi pago a tempo.",
  pickAnother: "Escolher outro horário",
  yourTime: "Seu horário",
  hostTime: "Horário do anfitrião",
  meet: "Entrar com o Google Meet",
  ics: "Adicionar à sua agenda (.ics)",
  manage: "Cancelar, remarcar ou obter um recibo",
  cancelledBody: "Você cancelou este agendamento.",
};

export const BOOKED_STRINGS: Record<Locale, BookedStrings> = { en, es, "pt-BR": ptBR };
