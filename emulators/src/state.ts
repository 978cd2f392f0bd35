// The whole in-memory state of one emulator process, and its JSON snapshot for GET /__emulator/state.
import { type BinanceState, createBinanceState } from "./binance-state.ts";
import { createGoogleState, type GoogleState } from "./google-state.ts";
import { createMpState, type MpState } from "./mercadopago-state.ts";
import { createPayPalState, type PayPalState } from "./paypal-state.ts";
import type { Clock } from "./types.ts";

export interface State {
  google: GoogleState;
  /** OAuth client id → the account that last consented (enables prompt=none). */
  consents: Map<string, string>;
  paypal: PayPalState;
  binance: BinanceState;
  mercadopago: MpState;
}

export function createState(): State {
  return {
    google: createGoogleState(),
    consents: new Map(),
    paypal: createPayPalState(),
    binance: createBinanceState(),
    mercadopago: createMpState(),
  };
}

/** A clock whose offset grows with advance() (expiry tests move it forward) until reset(). */
export function createClock(): Clock {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    advance: (ms) => {
      offset += ms;
    },
    offsetMs: () => offset,
    reset: () => {
      offset = 0;
    },
  };
}

const values = <T>(m: Map<unknown, T>): T[] => [...m.values()];

/** Plain-JSON view of every entity (tokens included: this is a test double). */
export function snapshot(s: State): Record<string, unknown> {
  return {
    google: {
      accounts: s.google.accounts,
      accessTokens: [...s.google.access].map(([token, t]) => ({
        token,
        ...t,
        expiresAt: new Date(t.expiresAt).toISOString(),
      })),
      refreshTokens: [...s.google.refresh].map(([token, t]) => ({ token, ...t })),
      calendars: values(s.google.calendars).map((c) => ({
        id: c.id,
        summary: c.summary,
        owner: c.owner,
        timeZone: c.timeZone,
        events: values(c.events).map((e) => e.data),
      })),
      mail: s.google.mail,
    },
    paypal: {
      orders: values(s.paypal.orders),
      captures: values(s.paypal.captures),
      refunds: values(s.paypal.refunds),
      webhooks: values(s.paypal.webhooks),
    },
    binance: { orders: values(s.binance.orders) },
    mercadopago: { preferences: values(s.mercadopago.preferences), payments: values(s.mercadopago.payments) },
  };
}

/** A proxy that always forwards to `state[key]`, so routes keep working after reset() replaces it. */
export function live<K extends "google" | "paypal" | "binance" | "mercadopago">(state: State, key: K) {
  return new Proxy({} as State[K], {
    get: (_t, prop) => Reflect.get(state[key] as object, prop),
    set: (_t, prop, v) => Reflect.set(state[key] as object, prop, v),
  });
}
