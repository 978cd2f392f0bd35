import { t } from "@/utils/i18n";
import { useBookingsStore } from "@/utils/stores/bookings-store";
import { BookingItem } from "./BookingItem";

/** Recent bookings with their status and actions; the empty state explains what the product does. */
export function BookingList({ activeId }: { activeId?: string | null }) {
  const { bookings, loading, error } = useBookingsStore();
  if (loading) return <p aria-live="polite">{t("loading")}</p>;
  if (error)
    return (
      <p role="alert" className="error">
        {t("errorLoadBookings")}
      </p>
    );
  if (bookings.length === 0) {
    return (
      <section className="empty" aria-labelledby="empty-title">
        <h2 id="empty-title">{t("emptyTitle")}</h2>
        <p>{t("emptyBody")}</p>
      </section>
    );
  }
  return (
    <section aria-labelledby="bookings-title">
      <h2 id="bookings-title">{t("recentBookings")}</h2>
      <ul className="booking-list" aria-live="polite">
        {bookings.slice(0, 20).map((b) => (
          <BookingItem key={b.id} booking={b} expanded={b.id === activeId} ownProgress={b.id !== activeId} />
        ))}
      </ul>
    </section>
  );
}
