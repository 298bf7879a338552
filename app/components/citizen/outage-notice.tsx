// A known outage or planned works covering what the citizen is about to report: what is
// happening, where, and when it should end, so they know the city is on it already.
import { formatKyivTime } from "#app/domain/calendar/kyiv-time.ts";
import { t, type Lang } from "#app/utils/i18n.ts";

export type OutageNoticeItem = { id: string; kind: string; title: string; cause: string; district: string | null; plannedEndAt: string | null };

export function OutageNotice(props: { lang: Lang; outages: OutageNoticeItem[] }) {
  const { lang, outages } = props;
  if (!outages.length) return null;
  return (
    <section className="notice outage" role="status" aria-labelledby="report-outage-title" data-testid="report-outages">
      <h2 id="report-outage-title">{t(lang, "citizen:outage.knownTitle")}</h2>
      <ul>
        {outages.map((o) => (
          <li key={o.id}>
            <strong>{o.title}</strong>
            {o.district ? ` — ${o.district}` : ""}
            <br />
            {t(lang, "citizen:outage.cause")}: {o.cause}
            <br />
            {o.plannedEndAt
              ? t(lang, "citizen:outage.expectedEnd", { date: formatKyivTime(o.plannedEndAt, "dateTime", lang) })
              : t(lang, "citizen:outage.expectedEndUnknown")}
          </li>
        ))}
      </ul>
      <p>{t(lang, "citizen:outage.stillReport")}</p>
    </section>
  );
}
