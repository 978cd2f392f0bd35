// What global-setup.ts provides to the tests (`inject("emulators")`).
export {};

declare module "vitest" {
  export interface ProvidedContext {
    emulators: {
      urls: { google: string; paypal: string; binance: string; mercadopago: string };
      credentials: {
        paypal: { clientId: string; clientSecret: string; webhookId: string | null };
        binance: { apiKey: string; apiSecret: string };
        mercadopago: { accessToken: string; webhookSecret: string };
      };
    };
  }
}
