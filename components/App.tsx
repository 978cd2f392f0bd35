import { useEffect } from "react";
import { t } from "@/utils/i18n";
import { useBookingsStore } from "@/utils/stores/bookings-store";
import { BookingList } from "./BookingList";
import { Logo } from "./Logo";

/** The popup's shell: header, then the user's bookings (or the empty state). */
export function App() {
  const load = useBookingsStore((s) => s.load);
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <div className="app">
      <header className="app-header">
        <Logo />
        <h1>{t("appName")}</h1>
      </header>
      <main>
        <BookingList />
      </main>
    </div>
  );
}
