import { browser } from "wxt/browser";
import { listBookings } from "../../storage";

/** Amber, like the pending event colour: the count means "waiting for payment". */
const BADGE_COLOR = "#b45309";

/** Badge text for a number of unpaid holds: empty when none, "99+" beyond two digits. */
export function badgeText(unpaid: number): string {
  if (unpaid <= 0) return "";
  return unpaid > 99 ? "99+" : String(unpaid);
}

/** Sets the toolbar badge to the number of bookings awaiting payment. */
export async function updateBadge(): Promise<void> {
  const unpaid = (await listBookings()).filter((b) => b.status === "awaiting_payment").length;
  await browser.action.setBadgeText({ text: badgeText(unpaid) });
  if (unpaid > 0) await browser.action.setBadgeBackgroundColor({ color: BADGE_COLOR });
}
