import type { Strings } from "./i18n";

/**
 * One message for the payer in the page's shared notice area: what happened and, for anything
 * that went wrong, what to do next. Provider components report through `onError(text, next?)`.
 */
export interface PageNotice {
  tone: "error" | "info" | "success";
  text: string;
  next?: string;
}

/**
 * The page-level notice area. Errors are announced at once (role="alert"); information and
 * success politely, and success is styled as such (never in the error colour).
 */
export function NoticeArea({ notice }: { notice: PageNotice | null }) {
  if (!notice) return null;
  const body = (
    <>
      <p className="notice-text">{notice.text}</p>
      {notice.next && <p className="notice-next">{notice.next}</p>}
    </>
  );
  if (notice.tone === "error")
    return (
      <div className="notice notice-error" role="alert">
        {body}
      </div>
    );
  return (
    <div className={`notice notice-${notice.tone}`} aria-live="polite">
      {body}
    </div>
  );
}

/**
 * What the page says on arrival after a provider sent the payer back: the PayPal redirect flow's
 * result (`?paypal=<outcome or error code>`) or a cancel link (`?cancelled=<provider>`).
 */
export function arrivalNotice(params: URLSearchParams, t: Strings): PageNotice | null {
  const cancelled = params.get("cancelled");
  if (cancelled === "paypal") return { tone: "info", text: t.paypalCancelled, next: t.nextPayAgain };
  if (cancelled === "binance") return { tone: "info", text: t.binanceCancelled, next: t.nextPayAgain };
  const pp = params.get("paypal");
  if (!pp || pp === "captured") return null;
  if (/declined/i.test(pp)) return { tone: "error", text: t.paypalDeclined, next: t.nextOtherFunding };
  if (pp === "not_payable") return { tone: "error", text: t.notPayable, next: t.nextAskOrganizer };
  if (pp === "mismatch") return { tone: "error", text: t.amountMismatch, next: t.nextAskOrganizer };
  if (pp === "not_approved") return { tone: "error", text: t.paypalNotApproved, next: t.nextPayAgain };
  return { tone: "error", text: t.payFailed, next: t.nextRetry };
}
