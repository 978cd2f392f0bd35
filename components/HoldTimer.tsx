import { useEffect, useState } from "react";
import { currentLanguage, t } from "@/utils/i18n";
import { formatTimeLeft } from "@/utils/intl-format";

/** "Held for 2 days 5 hr more" until `until`; re-renders every 30 s while mounted. */
export function HoldTimer({ until }: { until: string }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  const left = Date.parse(until) - now;
  if (!(left > 0)) return <span className="muted">{t("holdEnded")}</span>;
  const text = t("holdLeft", formatTimeLeft(left, currentLanguage()));
  return (
    <span className="muted">
      <time dateTime={until}>{text}</time>
    </span>
  );
}
