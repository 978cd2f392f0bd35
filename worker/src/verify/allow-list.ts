/** PayPal's own certificate hosts (docs/providers.md); overridable so the emulator's cert URL is accepted locally. */
export const DEFAULT_PAYPAL_CERT_URL_PREFIXES = [
  "https://api.paypal.com/v1/notifications/certs/",
  "https://api.sandbox.paypal.com/v1/notifications/certs/",
  "https://api-m.paypal.com/v1/notifications/certs/",
  "https://api-m.sandbox.paypal.com/v1/notifications/certs/",
];
