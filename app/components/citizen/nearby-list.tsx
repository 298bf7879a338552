// Open requests of the same category near the pin, public fields only, each with
// "this is my problem too" — a submit button of the report form (intent=follow:NUMBER),
// so the contact typed above goes with it, with or without JavaScript.
import type { NearbyRequest } from "#app/domain/requests/find-nearby-requests.server.ts";
import { formatKyivTime } from "#app/domain/calendar/kyiv-time.ts";
import { t, type Lang } from "#app/utils/i18n.ts";

export function NearbyList(props: { lang: Lang; nearby: NearbyRequest[]; error?: string }) {
  const { lang } = props;
  if (!props.nearby.length) return null;
  return (
    <section className="nearby" aria-labelledby="nearby-title" id="nearby">
      <h2 id="nearby-title">{t(lang, "citizen:report.nearbyTitle")}</h2>
      <p>{t(lang, "citizen:report.nearbyLead")}</p>
      {props.error ? (
        <p className="error" id="followNumber-error" role="alert">
          {props.error}
        </p>
      ) : null}
      <ul>
        {props.nearby.map((n) => (
          <li key={n.number}>
            <p>
              {t(lang, "citizen:report.nearbyItem", {
                number: n.number,
                category: n.category,
                status: t(lang, `citizen:status.${n.status}`),
                distance: n.distanceM,
                date: formatKyivTime(n.receivedAt, "date", lang),
              })}
            </p>
            <button type="submit" name="intent" value={`follow:${n.number}`} className="secondary" formNoValidate>
              {t(lang, "citizen:report.follow", { number: n.number })}
            </button>
          </li>
        ))}
      </ul>
      <p className="hint">{t(lang, "citizen:report.followNeedsContact")}</p>
    </section>
  );
}
