import { PayPalButtons, PayPalScriptProvider, usePayPalScriptReducer } from "@paypal/react-paypal-js";
import { useState } from "react";
import type { PublicCheckoutView } from "../../../utils/api/contract";
import { api } from "./api";
import { cspNonce } from "./csp";
import type { Strings } from "./i18n";
import { ProviderSection } from "./ProviderSection";

interface Props {
  view: PublicCheckoutView;
  t: Strings;
  onChanged: () => void;
  onError: (message: string) => void;
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
            onApprove={async (data) => {
              await api.paypalCapture(view.checkoutId, data.orderID);
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
