import { useEffect, useState } from "react";
import { t } from "@/utils/i18n";

/** "2 h 5 min left" until `until`; re-renders every 30 s while mounted. */
export function HoldTimer({ until }: { until: string }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  const left = Date.parse(until) - now;
  if (!(left > 0)) return <span className="muted">{t("holdEnded")}</span>;
  const minutes = Math.ceil(left / 60_000);
  const text =
    minutes >= 60
      ? t("holdLeftHours", [String(Math.floor(minutes / 60)), String(minutes % 60)])
      : t("holdLeftMinutes", String(minutes));
  return (
    <span className="muted">
      <time dateTime={until}>{text}</time>
    </span>
  );
}
