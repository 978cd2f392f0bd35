import { useState } from "react";
import type { PublicCheckoutView } from "../../../utils/api/contract";
import { api } from "./api";
import type { Strings } from "./i18n";
import { ProviderSection } from "./ProviderSection";

/** Mercado Pago Checkout Pro: create the preference, then go to its init_point. */
export function MercadoPagoPay({
  view,
  t,
  onError,
}: {
  view: PublicCheckoutView;
  t: Strings;
  onError: (m: string) => void;
}) {
  const [busy, setBusy] = useState(false);
  const price = view.prices.mercadopago;
  return (
    <ProviderSection id="pay-mercadopago" title={t.mercadopago} price={price}>
      <button
        type="button"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          try {
            window.location.assign((await api.mercadopago(view.checkoutId)).initPoint);
          } catch {
            onError(t.payFailed);
            setBusy(false);
          }
        }}
      >
        {busy ? t.working : t.mercadopagoStart}
      </button>
    </ProviderSection>
  );
}
