import { beforeEach, describe, expect, it, vi } from "vitest";
import { cancelTracked } from "@/utils/background/tracker/cancel";
import { confirmBooking, receiptLine } from "@/utils/background/tracker/confirm";
import { expireBooking } from "@/utils/background/tracker/expiry";
import { reportProblem } from "@/utils/background/tracker/problem";
import { remindBooking } from "@/utils/background/tracker/reminders";
import { GoogleApiError } from "@/utils/google/errors";
import { DEFAULT_SETTINGS, type Language, settingsItem } from "@/utils/settings";
import {
  fakeServices,
  HELD_ID,
  heldBooking,
  RECEIPT,
  seedHeld,
  setupBrowser,
  shownNotifications,
  WORKER,
} from "./tracker-fakes";

// What the background writes follows the language the user chose on the options page,
// not the browser's (English here, as chrome.i18n in the service worker would be): notifications
// in the user's language, the event's receipt line and markers in the booking's (the guests read them).
const ID = HELD_ID;

async function setup(language: Language, status: "open" | "paid", over: Parameters<typeof heldBooking>[0] = {}) {
  await setupBrowser();
  await settingsItem.setValue({ ...DEFAULT_SETTINGS, workerUrl: WORKER, language, expiryAction: "keep_cancelled" });
  const f = fakeServices();
  const b = heldBooking({ locale: "pt-BR", ...over });
  await seedHeld(f, b);
  f.w.state.statuses.set(ID, status);
  return { ...f, b };
}

const clean = (s: string | undefined) => (s ?? "").replace(/[\u202f\u00a0]/g, " ");

beforeEach(() => {
  vi.useFakeTimers({ now: new Date("2026-11-20T12:00:30Z"), toFake: ["Date"] });
});

describe("the background speaks the chosen language, not the browser's", () => {
  it("confirmed: notification in Português, the receipt line in the booking's language with its date format", async () => {
    const f = await setup("pt_BR", "paid");
    await confirmBooking(ID, f.services);
    const n = shownNotifications()[`lc-confirmed:${ID}`];
    expect(n?.title).toBe("Confirmado: Intro call — pago com PayPal");
    // The event's start (Dec 1, 15:00 in New York) as a Brazilian reads it.
    expect(clean(n?.message)).toBe(
      "1.00 USD recebidos (transação 8AB12345CD678901E). O evento das 1 de dez. de 2026, 15:00 está confirmado no Google Agenda.",
    );
    const description = f.c.state.events.get(f.b.eventId)?.description ?? "";
    expect(clean(description)).toContain(
      "Pago 1.00 USD com PayPal (transação 8AB12345CD678901E) em 20 de nov. de 2026, 07:00.",
    );
    expect(description).not.toContain("Paid ");
  });

  it("the receipt line follows the booking's language, whatever the UI's", () => {
    expect(clean(receiptLine(RECEIPT, "America/New_York", "es"))).toBe(
      "Pagado 1.00 USD con PayPal (transacción 8AB12345CD678901E) el 20 nov 2026, 7:00.",
    );
    expect(receiptLine(RECEIPT, "America/New_York")).toBe(
      "Paid 1.00 USD with PayPal (transaction 8AB12345CD678901E) at Nov 20, 2026, 7:00 AM.",
    );
  });

  it("reminder: title, text and both buttons in Español", async () => {
    const f = await setup("es", "open");
    expect(await remindBooking(ID, f.services)).toBe(true);
    const n = shownNotifications()[`lc-reminder:${ID}`];
    expect(n?.title).toBe("Reserva sin pagar: Intro call");
    expect(clean(n?.message)).toContain("21 nov 2026, 5:00"); // the hold's end, 10:00Z in New York
    expect(n?.buttons?.map((b) => b.title)).toEqual(["Pagar ahora", "Cancelar reserva"]);
  });

  it("expired and kept: the user is told in Español, the event is marked in the booking's Português", async () => {
    const f = await setup("es", "open");
    vi.setSystemTime(new Date("2026-11-21T10:00:01Z")); // just after the hold ends
    f.w.state.statuses.set(ID, "expired");
    await expireBooking(ID, f.services);
    expect(f.c.state.events.get(f.b.eventId)?.summary).toBe("[Expirado] Intro call");
    const n = shownNotifications()[`lc-expired:${ID}`];
    expect(n?.title).toBe("Reserva caducada: Intro call");
    expect(n?.message).toBe("No se pagó a tiempo; el evento queda en Google Calendar marcado como caducado.");
  });

  it("cancelled from the reminder: the kept event's marker in the booking's language, the notice in the user's", async () => {
    const f = await setup("pt_BR", "open", { locale: "es" });
    await cancelTracked(ID, f.services, "user");
    expect(f.c.state.events.get(f.b.eventId)?.summary).toBe("[Cancelado] Intro call");
    expect(shownNotifications()[`lc-cancelled:${ID}`]?.title).toBe("Reserva cancelada: Intro call");
  });

  it("a failure notification in the chosen language", async () => {
    await setup("pt_BR", "open");
    await reportProblem(ID, "Intro call", new GoogleApiError("server", 503, undefined, "backend error"));
    expect(shownNotifications()[`lc-problem:${ID}`]?.title).toBe("Problema com Intro call");
  });

  it('"auto" follows the browser (English here)', async () => {
    const f = await setup("auto", "paid");
    await confirmBooking(ID, f.services);
    expect(shownNotifications()[`lc-confirmed:${ID}`]?.title).toBe("Confirmed: Intro call — paid with PayPal");
  });
});
