// GET /deadlines — public calculator of response terms; a plain GET form, no JavaScript needed.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { formatKyivTime, parseIsoInstant, parseKyivLocal, toKyivLocalInput } from "#app/domain/calendar/kyiv-time.ts";
import { computeClocks, regimeFromName, type RegimeName } from "#app/domain/deadlines/compute-clocks.server.ts";
import { listClockCategories } from "#app/domain/deadlines/list-clock-categories.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { t } from "#app/utils/i18n.ts";
import { loadPageTexts, type PageHandle } from "#app/utils/i18n-page.tsx";
import { getRequestLang } from "#app/utils/lang.server.ts";
import { readSearchParams } from "#app/utils/request-input.server.ts";
import { toUserError } from "#app/utils/user-error.server.ts";

export const handle: PageHandle = { i18n: ["deadlines"] };
export const clientLoader = loadPageTexts(handle);

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: t(data?.lang ?? "uk", "deadlines:title") }];

const REGIMES: RegimeName[] = ["peacetime", "martial-law"];

export async function loader({ request }: LoaderFunctionArgs) {
  const lang = getRequestLang(request);
  const params = readSearchParams(request);
  const rawReceivedAt = params.get("receivedAt")?.trim() ?? "";
  const category = params.get("category")?.trim() ?? "";
  const regime = params.get("regime")?.trim() ?? "";
  const categories = await listClockCategories({ lang });

  // The form's datetime-local field carries Kyiv wall-clock time; a link may carry an ISO instant.
  const receivedAt = rawReceivedAt ? (parseKyivLocal(rawReceivedAt) ?? parseIsoInstant(rawReceivedAt)) : new Date();
  const form = { receivedAt: receivedAt ? toKyivLocalInput(receivedAt) : rawReceivedAt, category, regime };
  const fail = (e: unknown) => {
    const error = toUserError(e, lang);
    return { lang, categories, form, error: { field: error.field ?? "receivedAt", message: error.message }, result: null };
  };

  if (!receivedAt) return fail(new AppError("VALIDATION", "errors:deadline.receivedAtInvalid", { field: "receivedAt" }));
  if (regime && !REGIMES.includes(regime as RegimeName)) return fail(new AppError("VALIDATION", "errors:deadline.regimeInvalid", { field: "regime" }));
  try {
    const result = await computeClocks({
      receivedAt,
      categoryCode: category || undefined,
      regime: regime ? regimeFromName(regime as RegimeName) : undefined,
      lang,
    });
    return {
      lang,
      categories,
      form,
      error: null,
      result: {
        receivedAt: formatKyivTime(receivedAt, "weekdayDateTime", lang),
        regime: result.regime,
        clocks: result.clocks.map((c) => ({ ...c, display: formatKyivTime(c.dueAt, "weekdayDateTime", lang) })),
        // Years the terms ran into that the calendar does not know: said above the table.
        calendarGaps: result.calendarGaps,
      },
    };
  } catch (e) {
    return fail(e);
  }
}

export default function Deadlines() {
  const { lang, categories, form, error, result } = useLoaderData<typeof loader>();
  const errorFor = (field: string) =>
    error?.field === field ? (
      <p id={`${field}-error`} className="error" role="alert">
        {error.message}
      </p>
    ) : null;
  return (
    <div className="deadlines-page">
      <h1>{t(lang, "deadlines:title")}</h1>
      <p>{t(lang, "deadlines:lead")}</p>
      <form method="get" action="/deadlines">
        <input type="hidden" name="lang" value={lang} />
        <label htmlFor="dl-received-at">{t(lang, "deadlines:form.receivedAt")}</label>
        <input
          id="dl-received-at"
          name="receivedAt"
          type="datetime-local"
          required
          defaultValue={form.receivedAt}
          aria-invalid={error?.field === "receivedAt" || undefined}
          aria-describedby={error?.field === "receivedAt" ? "receivedAt-error" : undefined}
        />
        {errorFor("receivedAt")}
        <label htmlFor="dl-category">{t(lang, "deadlines:form.category")}</label>
        <select id="dl-category" name="category" defaultValue={form.category}>
          <option value="">{t(lang, "deadlines:form.categoryNone")}</option>
          {categories.map((c) => (
            <option key={c.code} value={c.code}>
              {c.name}
            </option>
          ))}
        </select>
        {errorFor("category")}
        <label htmlFor="dl-regime">{t(lang, "deadlines:form.regime")}</label>
        <select id="dl-regime" name="regime" defaultValue={form.regime}>
          <option value="">{t(lang, "deadlines:form.regimeAuto")}</option>
          {REGIMES.map((r) => (
            <option key={r} value={r}>
              {t(lang, `deadlines:regime.${r}`)}
            </option>
          ))}
        </select>
        {errorFor("regime")}
        <p>
          <button type="submit">{t(lang, "deadlines:form.submit")}</button>
        </p>
      </form>
      {result?.calendarGaps.map((gap) => (
        <p key={gap.year} className="calendar-gap" role="status">
          {gap.message}
        </p>
      ))}
      {result ? (
        // On a phone the table scrolls inside its own box if it must; the page never scrolls sideways.
        <div className="table-scroll deadlines-result" role="region" aria-labelledby="deadlines-caption" tabIndex={0}>
          <table>
            <caption id="deadlines-caption">
              {t(lang, "deadlines:table.caption", { receivedAt: result.receivedAt, regime: t(lang, `deadlines:regime.${result.regime}`) })}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t(lang, "deadlines:table.clock")}</th>
                <th scope="col">{t(lang, "deadlines:table.dueAt")}</th>
              </tr>
            </thead>
            <tbody>
              {result.clocks.map((c) => (
                <tr key={c.kind}>
                  <td>{c.label}</td>
                  <td>
                    <time dateTime={c.dueAt}>{c.display}</time>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <p className="muted">{t(lang, "deadlines:notes.moves")}</p>
      <p className="muted">{t(lang, "deadlines:notes.law")}</p>
    </div>
  );
}
