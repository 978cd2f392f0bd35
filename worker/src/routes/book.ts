import { Hono } from "hono";
import {
  type BookingType,
  type PublicBookingType,
  ReservationRequest,
  type ReservationResponse,
} from "../../../utils/api/booking-page";
import { formatInZone, isValidZone } from "../../../utils/time-zones";
import { freeSlots } from "../booking/availability";
import type { BookingConfig } from "../booking/config";
import { slotRange, slotsResponse } from "../booking/range";
import { dayOf } from "../booking/slots";
import { claimSlot, getSettings, type ReservationRow, releaseSlot } from "../booking/store";
import { newCheckoutRow } from "../checkout-row";
import type { Config } from "../config";
import { insertCheckout, nowIso } from "../db";
import type { Env } from "../env";
import { ApiError } from "../errors";
import { getConnection, NotConnected } from "../google/connection";
import { type Ctx, cfg, checkoutUrl, parseBody } from "../http";
import { checkoutOffer } from "../pricing";
import { rateLimit } from "../ratelimit";
import { sha256Base64Url, toBase64Url } from "../verify/encoding";

/** The booking page's public API: a type, its free slots, and reserving one. */
export const book = new Hono<{ Bindings: Env }>();

/** The page's configuration, or 404 when the page is off. */
function pageConfig(config: Config): BookingConfig {
  if (!config.booking) throw new ApiError(404, "not_found", "This server has no booking page.");
  return config.booking;
}

async function loadType(c: Ctx) {
  const b = pageConfig(cfg(c));
  const settings = await getSettings(c.env.DB, cfg(c));
  const type = settings.types.find((t) => t.id === c.req.param("typeId"));
  if (!type) throw new ApiError(404, "not_found", "No booking type with this id.");
  return { b, settings, type };
}

/**
 * What a type's checkouts offer: its own providers and price (worker/src/pricing.ts), limited to
 * the live providers that can charge that price; the price shown is the first provider's.
 */
function offer(config: Config, type: BookingType) {
  const price = type.price ?? config.price;
  const { providers, prices } = checkoutOffer(config, {
    amount_value: price.value,
    currency: price.currency,
    providers: type.providers?.join(",") ?? null,
  });
  const first = providers[0];
  return { providers, price: (first && prices[first]) || price, own: { price, providers } };
}

/** The offered slots; a connection that just turned out dead is the page's 503, not a crash. */
async function slotsNow(...args: Parameters<typeof freeSlots>) {
  try {
    return await freeSlots(...args);
  } catch (err) {
    if (err instanceof NotConnected)
      throw new ApiError(503, "not_taking_bookings", "This booking page is not taking bookings right now.");
    throw err;
  }
}

/** 503 unless the host's calendar is connected: without it no slot can be trusted. */
async function requireConnected(db: D1Database, b: BookingConfig) {
  const row = await getConnection(db);
  if (row?.status !== "connected" || row.email !== b.adminEmail)
    throw new ApiError(503, "not_taking_bookings", "This booking page is not taking bookings right now.");
  return row;
}

book.get("/:typeId", async (c) => {
  const { b, settings, type } = await loadType(c);
  const row = await getConnection(c.env.DB);
  const { providers, price } = offer(cfg(c), type);
  const body: PublicBookingType = {
    id: type.id,
    title: type.title,
    description: type.description,
    durationMinutes: type.durationMinutes,
    timeZone: settings.timeZone,
    price,
    providers,
    hostName: row?.name ?? b.adminEmail.split("@")[0] ?? "",
    refundIfAttended: type.refundIfAttended ?? false,
    noAnswer: type.noAnswer ?? "keep",
    attendanceWindowHours: cfg(c).attendanceWindowHours,
  };
  c.header("cache-control", "no-store");
  return c.json(body);
});

book.get("/:typeId/slots", async (c) => {
  const { b, settings, type } = await loadType(c);
  const { from, to } = slotRange(c.req.query("from"), c.req.query("to"));
  await requireConnected(c.env.DB, b);
  const slots = await slotsNow(c.env.DB, b, settings, type, from, to);
  c.header("cache-control", "no-store");
  return c.json(slotsResponse(settings.timeZone, slots));
});

book.post("/:typeId/reservations", async (c) => {
  const config = cfg(c);
  const { b, settings, type } = await loadType(c);
  const client = c.req.header("cf-connecting-ip") ?? "unknown";
  await rateLimit(c.env.DB, `reserve:${client}`, config.checkoutRateLimitPerHour, 3600);
  const body = await parseBody(c, ReservationRequest);
  if (body.timeZone !== undefined && !isValidZone(body.timeZone))
    throw new ApiError(400, "invalid_request", "timeZone: must be an IANA time zone");
  await requireConnected(c.env.DB, b);
  // A type whose price no live provider can charge takes no reservation (nothing could pay it).
  if (offer(config, type).providers.length === 0)
    throw new ApiError(503, "not_taking_bookings", "This booking page is not taking bookings right now.");
  const zone = settings.timeZone;
  const start = Date.parse(body.start);
  if (Number.isNaN(start)) throw new ApiError(400, "invalid_request", "start: must be a real date-time");
  const taken = () => new ApiError(409, "slot_taken", "This time is no longer free. Please pick another one.");
  // Live re-check: the slot must be offered by the rules right now, with fresh busy times.
  const day = dayOf(zone, start);
  const slot = (await slotsNow(c.env.DB, b, settings, type, day, day, { live: true })).find((s) => s.start === start);
  if (!slot) throw taken();

  const now = Date.now();
  const bookingId = crypto.randomUUID();
  const holdUntil = nowIso(Math.min(now + b.pageHoldMinutes * 60_000, slot.start));
  const [blockStart, blockEnd] = [
    slot.start - type.bufferBeforeMinutes * 60_000,
    slot.end + type.bufferAfterMinutes * 60_000,
  ];
  const reservation: ReservationRow = {
    reservation_id: crypto.randomUUID(),
    booking_id: bookingId,
    type_id: type.id,
    type_title: type.title,
    start_at: nowIso(slot.start),
    end_at: nowIso(slot.end),
    block_start: nowIso(blockStart),
    block_end: nowIso(blockEnd),
    day,
    host_time_zone: zone,
    slot_key: nowIso(slot.start),
    hold_until: holdUntil,
    lead_name: body.name,
    lead_email: body.email.toLowerCase(),
    notes: body.notes?.trim() || null,
    locale: body.locale ?? null,
    lead_time_zone: body.timeZone ?? null,
    event_state: "none",
    event_id: null,
    html_link: null,
    meet_link: null,
    event_attempts: 0,
    event_error: null,
    next_attempt_at: null,
    created_at: nowIso(now),
    updated_at: nowIso(now),
  };
  if (!(await claimSlot(c.env.DB, reservation, type.maxPerDay))) throw taken();

  // An ordinary checkout whose hold ends with the reservation's. Its secret is never handed out:
  // nobody but the Worker acts on a page checkout.
  try {
    const row = newCheckoutRow(
      config,
      {
        bookingId,
        secretHash: await sha256Base64Url(toBase64Url(crypto.getRandomValues(new Uint8Array(32)))),
        summary: `${type.title} — ${body.name}`,
        start: formatInZone(slot.start, zone),
        end: formatInZone(slot.end, zone),
        timeZone: body.timeZone ?? zone,
        holdUntil,
        payerEmail: reservation.lead_email,
        locale: body.locale,
        refundable: type.refundIfAttended ?? false,
        noAnswer: type.noAnswer ?? "keep",
      },
      nowIso(now),
      offer(config, type).own,
    );
    await insertCheckout(c.env.DB, row);
    const res: ReservationResponse = {
      reservationId: reservation.reservation_id,
      checkoutId: row.checkout_id,
      checkoutUrl: checkoutUrl(config, row),
      holdUntil: row.hold_until,
    };
    return c.json(res, 201);
  } catch (err) {
    await releaseSlot(c.env.DB, reservation.reservation_id);
    throw err;
  }
});
