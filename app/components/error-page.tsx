// What a person sees when a page or a form cannot be served: for a mistake in the request
// (4xx) what went wrong and what to do — the answer's own text when it carries one (the
// doors send it in Ukrainian and English) — and for a fault of ours (5xx) only an apology.
// A 503 (the database away, app/utils/database-away.server.ts) says the service is briefly
// unavailable, to try again in a minute, the emergency numbers, and, after a form was sent,
// that it was NOT recorded — so nobody leaves believing a report went in.
import { isRouteErrorResponse } from "@remix-run/react";
import { t, toLang, type Lang } from "#app/utils/i18n.ts";

function titleFor(lang: Lang, status: number | null) {
  if (status === 404) return t(lang, "errors.notFound");
  if (status === 403) return t(lang, "errors.forbidden");
  if (status !== null && status >= 400 && status < 500) return t(lang, "errors.badRequest");
  return t(lang, "errors.generic");
}

/**
 * The reader's language as the error carries it (a 503 of the database being away does), for
 * when the root's loader did not run: after a failed action, or when it failed itself.
 */
export function langOfError(error: unknown): Lang | undefined {
  const lang = isRouteErrorResponse(error) ? (error.data as { lang?: unknown } | null)?.lang : undefined;
  return typeof lang === "string" ? toLang(lang) : undefined;
}

/** The form's action (not only the page's loader) failed: what was sent was not recorded. */
function failedAction(error: unknown) {
  return isRouteErrorResponse(error) && (error.data as { during?: unknown } | null)?.during === "action";
}

function Unavailable({ lang, notRecorded }: { lang: Lang; notRecorded: boolean }) {
  return (
    <div className="error-page" role="alert">
      <h1>{t(lang, "errors.unavailable")}</h1>
      {notRecorded ? (
        <p>
          <strong>{t(lang, "errors.notRecorded")}</strong>
        </p>
      ) : null}
      <p>{t(lang, "errors.unavailableText")}</p>
      <p>{t(lang, "errors.unavailableEmergency")}</p>
      <p className="muted">{`${t(lang, "errors.code")} 503`}</p>
      <p>
        <a href={`/?lang=${lang}`}>{t(lang, "errors.backHome")}</a>
      </p>
    </div>
  );
}

export function ErrorPage({ error, lang }: { error: unknown; lang: Lang }) {
  const status = isRouteErrorResponse(error) ? error.status : null;
  if (status === 503) return <Unavailable lang={lang} notRecorded={failedAction(error)} />;
  const title = titleFor(lang, status);
  const detail =
    status !== null && status < 500 && isRouteErrorResponse(error) && typeof error.data === "string" && error.data.trim() !== "" && error.data.length <= 500
      ? error.data.trim()
      : null;
  return (
    <div className="error-page" role="alert">
      <h1>{title}</h1>
      {detail && detail !== title ? <p>{detail}</p> : null}
      {status !== null ? <p className="muted">{`${t(lang, "errors.code")} ${status}`}</p> : null}
      <p>
        <a href={`/?lang=${lang}`}>{t(lang, "errors.backHome")}</a>
      </p>
    </div>
  );
}
