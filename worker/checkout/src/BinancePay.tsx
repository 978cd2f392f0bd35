import { useState } from "react";
import type { BinanceCheckoutResponse, PublicCheckoutView } from "../../../utils/api/contract";
import { api } from "./api";
import type { Strings } from "./i18n";
import { ProviderSection } from "./ProviderSection";
import { Qr } from "./Qr";

/** Binance Pay: a QR rendered here from qrContent, plus the checkout and app links. */
export function BinancePay({
  view,
  t,
  onError,
}: {
  view: PublicCheckoutView;
  t: Strings;
  onError: (m: string) => void;
}) {
  const [order, setOrder] = useState<BinanceCheckoutResponse | null>(null);
  const [busy, setBusy] = useState(false);
  const price = view.prices.binance;
  return (
    <ProviderSection id="pay-binance" title={t.binance} price={price}>
      {!order ? (
        <button
          type="button"
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            try {
              setOrder(await api.binance(view.checkoutId));
            } catch {
              onError(t.payFailed);
            } finally {
              setBusy(false);
            }
          }}
        >
          {busy ? t.working : t.binanceStart}
        </button>
      ) : (
        <div>
          <p>{t.binanceScan}</p>
          <Qr value={order.qrContent} label={t.binanceQr} />
          <a className="link-button" href={order.checkoutUrl} rel="noopener">
            {t.binanceOpen}
          </a>
          <a className="link-button secondary" href={order.universalUrl || order.deeplink} rel="noopener">
            {t.binanceApp}
          </a>
          <p className="muted">
            {t.binanceExpires} {new Date(order.expireTime).toLocaleTimeString()}
          </p>
        </div>
      )}
    </ProviderSection>
  );
}
