import { useState } from "react";
import type { PublicCheckoutView } from "../../../utils/api/contract";
import { api } from "./api";
import type { Strings } from "./i18n";
import { NoticeArea, type PageNotice } from "./Notice";
import { ProviderSection } from "./ProviderSection";

/**
 * What the Worker says about the payer's last Mercado Pago payment, when it failed. It comes from
 * the payment as fetched from Mercado Pago, never from the return URL's query (anyone can edit it).
 */
function failureNotice(view: PublicCheckoutView, t: Strings): PageNotice | null {
  if (view.mercadopagoFailure === "rejected")
    return { tone: "error", text: t.mercadopagoRejected, next: t.nextMercadoPagoAgain };
  if (view.mercadopagoFailure === "cancelled")
    return { tone: "error", text: t.mercadopagoCancelled, next: t.nextMercadoPagoAgain };
  return null;
}

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
      <NoticeArea notice={failureNotice(view, t)} />
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
