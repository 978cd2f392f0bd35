import { lazy, Suspense, useEffect } from "react";
import { t } from "@/utils/i18n";
import { useAccountStore } from "@/utils/stores/account-store";
import { useBookingsStore } from "@/utils/stores/bookings-store";
import { useDraftStore } from "@/utils/stores/draft-store";
import { AccountBar, AccountProblem } from "./AccountBar";
import { BookingForm } from "./BookingForm";
import { Logo } from "./Logo";
import { PrefillNotice } from "./PrefillNotice";

// Below the fold (or usually empty): loaded right after the form shows, so opening the popup
// parses and renders only what the user needs first.
const BookingList = lazy(() => import("./BookingList").then((m) => ({ default: m.BookingList })));
const PendingActions = lazy(() => import("./PendingActions").then((m) => ({ default: m.PendingActions })));
const PageBookings = lazy(() => import("./PageBookings").then((m) => ({ default: m.PageBookings })));

/** The popup: account, the new-booking form (pre-filled from a right-click), then recent bookings. */
export function App() {
  const load = useBookingsStore((s) => s.load);
  const watch = useBookingsStore((s) => s.watch);
  const loadAccount = useAccountStore((s) => s.load);
  const { load: loadDraft, prefill, dismissPrefill, activeId } = useDraftStore();
  useEffect(() => {
    void load();
    void loadAccount();
    // The popup's entry point loads the draft before the first render; other hosts (tests) here.
    if (!useDraftStore.getState().draft) void loadDraft();
    // The draft follows the booking it created: cleared once that booking's event exists.
    const unsettle = useBookingsStore.subscribe((s) => !s.loading && useDraftStore.getState().settle(s.bookings));
    // The Worker's hold limits matter only once the user looks at the hold: not on the critical path.
    const limits = setTimeout(() => void useDraftStore.getState().refreshLimits(), 300);
    const unwatch = watch();
    return () => {
      unwatch();
      unsettle();
      clearTimeout(limits);
    };
  }, [load, loadAccount, loadDraft, watch]);
  return (
    <div className="app">
      <header className="app-header">
        <Logo />
        <h1>{t("appName")}</h1>
        <AccountBar />
      </header>
      <main>
        <AccountProblem />
        <Suspense fallback={null}>
          <PendingActions />
        </Suspense>
        {prefill && <PrefillNotice prefill={prefill} onDismiss={dismissPrefill} />}
        <BookingForm />
        <Suspense fallback={<p aria-live="polite">{t("loading")}</p>}>
          <BookingList activeId={activeId} />
          <PageBookings />
        </Suspense>
      </main>
    </div>
  );
}
