// GET /problems/<number> — a request's public card (no sign-in): category, status, executor,
// dates, the place (a ~150 m area, or the exact place when the citizen agreed), the citizen's
// words, photos and the official answer only with their consent, and the dates its status
// changed — never who changed it, never a note. A private or unknown number is the same 404.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { formatKyivTime } from "#app/domain/calendar/kyiv-time.ts";
import { getPublicRequest } from "#app/domain/public/get-public-request.server.ts";
import { t } from "#app/utils/i18n.ts";
import { loadPageTexts, type PageHandle } from "#app/utils/i18n-page.tsx";
import { getRequestLang } from "#app/utils/lang.server.ts";
import { throwAsResponse } from "#app/utils/user-error.server.ts";

export const handle: PageHandle = { i18n: ["problems"] };
export const clientLoader = loadPageTexts(handle);

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? t(data.lang, "problems:card.title", { number: data.card.request.number }) : "" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const lang = getRequestLang(request);
  try {
    return { lang, card: await getPublicRequest({ number: String(params.number ?? "").toUpperCase(), lang }) };
  } catch (e) {
    throwAsResponse(e, lang);
  }
}

export default function PublicCard() {
  const { lang, card } = useLoaderData<typeof loader>();
  const r = card.request;
  const C = (key: string, params?: Record<string, string | number>) => t(lang, `problems:card.${key}`, params);
  const day = (d: Date | string | null) => formatKyivTime(d, "date", lang);
  const moment = (d: Date | string | null) => formatKyivTime(d, "dateTime", lang);
  const loc = r.location;
  return (
    <article className="citizen public-page public-card" data-number={r.number}>
      <p>
        <a href={`/problems?lang=${lang}`}>{C("back")}</a> · <a href={`/map?lang=${lang}`}>{C("toMap")}</a>
      </p>
      <h1>{C("title", { number: r.number })}</h1>
      <dl className="facts">
        <dt>{C("category")}</dt>
        <dd data-testid="card-category">
          {r.category ? `${r.category.group ? `${r.category.group.name} → ` : ""}${r.category.name}` : t(lang, "problems:list.noCategory")}
        </dd>
        <dt>{C("status")}</dt>
        <dd data-testid="card-status" data-status={r.status}>
          {t(lang, `problems:status.${r.status}`)}
        </dd>
        <dt>{C("department")}</dt>
        <dd>{r.department?.name ?? "—"}</dd>
        <dt>{C("district")}</dt>
        <dd>{r.district?.name ?? "—"}</dd>
        <dt>{C("received")}</dt>
        <dd>{day(r.receivedAt)}</dd>
        {r.expectedAt ? (
          <>
            <dt>{C("expected")}</dt>
            <dd>{day(r.expectedAt)}</dd>
          </>
        ) : null}
        {r.resolvedAt ? (
          <>
            <dt>{C("resolved")}</dt>
            <dd>{day(r.resolvedAt)}</dd>
          </>
        ) : null}
        <dt>{C("place")}</dt>
        <dd data-testid="card-place" data-exact={loc ? String(loc.exact) : undefined}>
          {loc?.exact ? (
            <>
              {r.address ? `${C("placeExact", { address: r.address })} · ` : ""}
              <a href={`https://www.openstreetmap.org/?mlat=${loc.lat}&mlon=${loc.lon}#map=18/${loc.lat}/${loc.lon}`}>{C("placeOsm")}</a>
            </>
          ) : loc ? (
            C("placeCoarse", { cell: loc.cellM ?? 150, lat: loc.lat.toFixed(4), lon: loc.lon.toFixed(4) })
          ) : r.address ? (
            r.address
          ) : (
            C("placeNone")
          )}
        </dd>
      </dl>

      <section aria-labelledby="card-description">
        <h2 id="card-description">{C("description")}</h2>
        {r.description ? (
          <p data-testid="card-description-text" style={{ whiteSpace: "pre-wrap" }}>
            {r.description}
          </p>
        ) : (
          <p className="muted">{C("descriptionHidden")}</p>
        )}
        {card.photos.length ? (
          <>
            <h3>{C("photos")}</h3>
            <ul className="public-photos">
              {card.photos.map((p, i) => (
                <li key={p.id}>
                  <img src={`/problems/${r.number}/photos/${p.id}`} alt={C(p.after ? "photoAfter" : "photoBefore", { n: i + 1 })} loading="lazy" />
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>

      <section aria-labelledby="card-timeline">
        <h2 id="card-timeline">{C("timeline")}</h2>
        <ol className="timeline" data-testid="card-timeline">
          {card.timeline.map((e, i) => (
            <li key={i} data-status={e.status}>
              <time dateTime={new Date(e.at).toISOString()}>{moment(e.at)}</time> — {t(lang, `problems:status.${e.status}`)}
            </li>
          ))}
        </ol>
      </section>

      {r.answer || r.status === "RESOLVED" || r.status === "CLOSED" ? (
        <section aria-labelledby="card-answer">
          <h2 id="card-answer">{C("answer")}</h2>
          {r.answer ? (
            <p data-testid="card-answer-text" style={{ whiteSpace: "pre-wrap" }}>
              {r.answer}
            </p>
          ) : (
            <p className="muted">{C("answerHidden")}</p>
          )}
        </section>
      ) : null}
    </article>
  );
}
