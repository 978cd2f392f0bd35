import { lazy, Suspense, useEffect, useState } from "react";
import { t } from "@/utils/i18n";
import { useAccountStore } from "@/utils/stores/account-store";
import { useBookingsStore } from "@/utils/stores/bookings-store";
import { useDraftStore } from "@/utils/stores/draft-store";
import { AccountBar, AccountProblem } from "./AccountBar";
import { BookingForm } from "./BookingForm";
import { Logo } from "./Logo";
import { PrefillNotice } from "./PrefillNotice";

// Below the fold (or usually empty): loaded right after the form's first frame, so opening the
// popup parses and renders only what the user needs first.
const BookingList = lazy(() => import("./BookingList").then((m) => ({ default: m.BookingList })));
const PendingActions = lazy(() => import("./PendingActions").then((m) => ({ default: m.PendingActions })));
const PageBookings = lazy(() => import("./PageBookings").then((m) => ({ default: m.PageBookings })));

/**
 * False until the first frame has been painted. Mounting a lazy component starts its import()
 * inside the render, and Vite's preload helper then inserts a <link> per chunk and stylesheet —
 * milliseconds of DOM work that would delay the form's first commit.
 */
function usePainted(): boolean {
  const [painted, setPainted] = useState(false);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const done = () => setPainted(true);
    // rAF runs just before the frame is drawn, a timeout queued there right after it. The second
    // timeout is for a document that draws no frames (a hidden tab): the list must still load.
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(done);
    });
    const fallback = setTimeout(done, 1000);
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
      clearTimeout(fallback);
    };
  }, []);
  return painted;
}

/** The popup: account, the new-booking form (pre-filled from a right-click), then recent bookings. */
export function App() {
  const load = useBookingsStore((s) => s.load);
  const watch = useBookingsStore((s) => s.watch);
  const loadAccount = useAccountStore((s) => s.load);
  const { load: loadDraft, prefill, dismissPrefill, activeId } = useDraftStore();
  const painted = usePainted();
  useEffect(() => {
    // The popup's entry point primes the draft before the first render; other hosts (tests) load it here.
    if (!useDraftStore.getState().draft) void loadDraft();
  }, [loadDraft]);
  useEffect(() => {
    // After the first frame: the first render is a synchronous one (see the popup's main.tsx), so
    // its effects run inside the task that paints the form. Sending these requests loads the
    // messaging chunk and inserts its preload links — work the form does not need to show. The
    // list they fill mounts only now anyway.
    if (!painted) return;
    void load();
    void loadAccount();
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
  }, [painted, load, loadAccount, watch]);
  const loading = <p aria-live="polite">{t("loading")}</p>;
  return (
    <div className="app">
      <header className="app-header">
        <Logo />
        <h1>{t("appName")}</h1>
        <AccountBar />
      </header>
      <main>
        <AccountProblem />
        <Suspense fallback={null}>{painted && <PendingActions />}</Suspense>
        {prefill && <PrefillNotice prefill={prefill} onDismiss={dismissPrefill} />}
        <BookingForm />
        <Suspense fallback={loading}>
          {painted ? (
            <>
              <BookingList activeId={activeId} />
              <PageBookings />
            </>
          ) : (
            loading
          )}
        </Suspense>
      </main>
    </div>
  );
}
