import { PayPalButtons, PayPalScriptProvider, usePayPalScriptReducer } from "@paypal/react-paypal-js";
import { useState } from "react";
import type { PublicCheckoutView } from "../../../utils/api/contract";
import { api, PageApiError } from "./api";
import { cspNonce } from "./csp";
import type { Strings } from "./i18n";
import { ProviderSection } from "./ProviderSection";

interface Props {
  view: PublicCheckoutView;
  t: Strings;
  onChanged: () => void;
  /** Shows a problem and what to do next (the page's notice area). */
  onError: (message: string, next?: string) => void;
}

/** Redirect flow: create the order here, approve on PayPal, come back to /paypal/return (captured there). */
function RedirectButton({ view, t, onError, primary }: Omit<Props, "onChanged"> & { primary: boolean }) {
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      className={primary ? undefined : "secondary"}
      disabled={busy}
      onClick={async () => {
        setBusy(true);
        try {
          const order = await api.paypalOrder(view.checkoutId);
          if (!order.approveUrl) throw new Error("no approve link");
          window.location.assign(order.approveUrl);
        } catch {
          onError(t.payFailed);
          setBusy(false);
        }
      }}
    >
      {busy ? t.working : t.paypalRedirect}
    </button>
  );
}

function SmartButtons({ view, t, onChanged, onError }: Props) {
  const [{ isRejected, isPending }] = usePayPalScriptReducer();
  return (
    <>
      {isRejected && <p className="muted">{t.paypalSdkFailed}</p>}
      {!isRejected && !isPending && (
        <div className="paypal-sdk">
          <PayPalButtons
            style={{ layout: "horizontal", label: "pay", tagline: false }}
            createOrder={async () => (await api.paypalOrder(view.checkoutId)).orderId}
            onApprove={async (data, actions) => {
              try {
                await api.paypalCapture(view.checkoutId, data.orderID);
              } catch (err) {
                const code = err instanceof PageApiError ? err.code : "";
                // PayPal's documented recovery: the same order, another card or account, in the
                // PayPal window that is still open.
                if (code === "instrument_declined") {
                  onError(t.paypalInstrumentDeclined, t.nextOtherFunding);
                  return actions.restart();
                }
                // The order is spent; the Worker closed it, so the next click creates a new one.
                if (code === "payment_declined") onError(t.paypalDeclined, t.nextOtherFunding);
                else onError(t.payFailed);
              }
              onChanged();
            }}
            onCancel={() => onError(t.paypalCancelled)}
            onError={() => onError(t.payFailed)}
          />
        </div>
      )}
      <RedirectButton view={view} t={t} onError={onError} primary={isRejected} />
    </>
  );
}

/** PayPal Smart Buttons from the configured SDK URL, with the redirect flow always available. */
export function PayPalPay(props: Props) {
  const pp = props.view.paypal;
  if (!pp) return null;
  const nonce = cspNonce();
  return (
    <ProviderSection id="pay-paypal" title={props.t.paypal}>
      <PayPalScriptProvider
        options={{
          clientId: pp.clientId,
          currency: pp.currency,
          intent: "capture",
          components: "buttons",
          sdkBaseUrl: pp.sdkBaseUrl,
          ...(nonce ? { dataCspNonce: nonce } : {}),
          locale: props.view.locale === "pt-BR" ? "pt_BR" : props.view.locale === "es" ? "es_ES" : "en_US",
        }}
      >
        <SmartButtons {...props} />
      </PayPalScriptProvider>
    </ProviderSection>
  );
}
