// What one checkout charges with each provider, and which providers can take it. A checkout's
// price is its own (amount_value/currency: the Worker's default, or a booking type's price) and so
// is its provider list (a booking type may offer fewer). No currency is ever converted: a provider
// that cannot charge the checkout's currency is simply not offered for it.
import type { Provider } from "../../utils/api/contract";
import { type Config, liveProviders } from "./config";
import type { CheckoutRow } from "./db";
import { ApiError } from "./errors";

/** An amount in a currency, as providers charge it. */
export interface Money {
  value: string;
  currency: string;
}

type Priced = Pick<CheckoutRow, "amount_value" | "currency"> & { providers?: string | null };

const NAMES: Record<Provider, string> = { paypal: "PayPal", binance: "Binance Pay", mercadopago: "Mercado Pago" };

/** The currencies PayPal's REST API takes (its "Currency codes" reference). */
export const PAYPAL_CURRENCIES = new Set(
  "AUD BRL CAD CNY CZK DKK EUR HKD HUF ILS JPY MYR MXN TWD NZD NOK PHP PLN GBP SGD SEK CHF THB USD".split(" "),
);

/**
 * What `provider` charges for a checkout priced `row`, or null when it cannot charge that price.
 * At the Worker's default price each provider charges its configured price (Binance the same value
 * in its stablecoin, Mercado Pago MERCADOPAGO_PRICE_VALUE in the account's currency). A price of
 * its own is charged as it is by PayPal (in the currencies it takes), by Binance when it is in USD (its stablecoin is 1:1) or in
 * Binance's currency, and by Mercado Pago only in the account's currency.
 */
export function checkoutPrice(config: Config, row: Priced, provider: Provider): Money | null {
  const own = { value: row.amount_value, currency: row.currency };
  const isDefault = own.value === config.price.value && own.currency === config.price.currency;
  if (provider === "paypal") return config.paypal && (isDefault || PAYPAL_CURRENCIES.has(own.currency)) ? own : null;
  if (provider === "binance") {
    const b = config.binance;
    if (!b) return null;
    return isDefault || own.currency === "USD" || own.currency === b.currency
      ? { value: own.value, currency: b.currency }
      : null;
  }
  const mp = config.mercadopago;
  if (!mp) return null;
  if (own.currency === mp.currency) return own;
  return isDefault ? { value: mp.priceValue, currency: mp.currency } : null;
}

/** Parses the checkout's `providers` column (comma list; null/empty = every live provider). */
export function parseProviders(value: string | null | undefined): Provider[] | null {
  if (!value) return null;
  return value.split(",").filter((p): p is Provider => p === "paypal" || p === "binance" || p === "mercadopago");
}

/** The providers that may take a checkout, with what each charges. */
export function checkoutOffer(config: Config, row: Priced): { providers: Provider[]; prices: Record<string, Money> } {
  const allowed = parseProviders(row.providers);
  const providers: Provider[] = [];
  const prices: Record<string, Money> = {};
  for (const p of liveProviders(config)) {
    if (allowed && !allowed.includes(p)) continue;
    const price = checkoutPrice(config, row, p);
    if (!price) continue;
    providers.push(p);
    prices[p] = price;
  }
  return { providers, prices };
}

/** 409 unless the checkout may be paid with `provider` (the page only shows those it may). */
export function requireOffered(config: Config, row: Priced, provider: Provider): Money {
  const price = checkoutOffer(config, row).prices[provider];
  if (!price) throw new ApiError(409, "provider_not_offered", `This checkout cannot be paid with ${NAMES[provider]}.`);
  return price;
}
