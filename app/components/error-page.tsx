// What a person sees when a page or a form cannot be served: for a mistake in the request
// (4xx) what went wrong and what to do — the answer's own text when it carries one (the
// doors send it in Ukrainian and English) — and for a fault of ours (5xx) only an apology.
import { isRouteErrorResponse } from "@remix-run/react";
import { t, type Lang } from "#app/utils/i18n.ts";

function titleFor(lang: Lang, status: number | null) {
  if (status === 404) return t(lang, "errors.notFound");
  if (status === 403) return t(lang, "errors.forbidden");
  if (status !== null && status >= 400 && status < 500) return t(lang, "errors.badRequest");
  return t(lang, "errors.generic");
}

export function ErrorPage({ error, lang }: { error: unknown; lang: Lang }) {
  const status = isRouteErrorResponse(error) ? error.status : null;
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
