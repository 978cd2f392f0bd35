// Provider orders of a checkout: creating them for the page, turning what providers report into
// applied payments (after checking amount, currency and reference), and closing them.
export * from "./binance";
export * from "./common";
export * from "./mercadopago";
export * from "./paypal";
