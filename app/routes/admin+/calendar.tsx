import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ActionMessage } from "#app/components/admin/action-message.tsx";
import { CsrfInput } from "#app/components/csrf-input.tsx";
import { addCalendarDay } from "#app/domain/calendar/add-calendar-day.server.ts";
import { listCalendarDays } from "#app/domain/calendar/list-calendar-days.server.ts";
import { removeCalendarDay } from "#app/domain/calendar/remove-calendar-day.server.ts";
import { setCalendarRegime } from "#app/domain/calendar/set-calendar-regime.server.ts";
import { t } from "#app/utils/i18n.ts";
import { loadPageTexts, type PageHandle } from "#app/utils/i18n-page.tsx";
import { getRequestLang } from "#app/utils/lang.server.ts";
import { parseForm } from "#app/utils/form.server.ts";
import { readAdminForm, requireAdmin, runAdminAction } from "./admin-route.server.ts";
import { readSearchParams } from "#app/utils/request-input.server.ts";

const REGIMES = ["PEACETIME", "MARTIAL_LAW"] as const;
const QuerySchema = z.object({
  year: z.coerce
    .number()
    .int()
    .min(1992)
    .max(2200)
    .catch(() => new Date().getUTCFullYear()),
  regime: z.enum(REGIMES).catch("MARTIAL_LAW"),
});

export const handle: PageHandle = { i18n: ["admin"] };
export const clientLoader = loadPageTexts(handle);

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: t(data?.lang ?? "uk", "admin:calendar.title") }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const url = new URL(request.url);
  const search = readSearchParams(url);
  const { year, regime } = QuerySchema.parse({ year: search.get("year") ?? undefined, regime: search.get("regime") ?? undefined });
  return { lang: getRequestLang(request), year, regime, ...(await listCalendarDays({ year, regime })) };
}

const ActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("add-day"),
    regime: z.enum(REGIMES),
    date: z.string(),
    isWorking: z.boolean().default(false),
    reasonUk: z.string(),
    reasonEn: z.string().optional(),
  }),
  z.object({ intent: z.literal("remove-day"), regime: z.enum(REGIMES), date: z.string() }),
  z.object({ intent: z.literal("set-regime"), regime: z.enum(REGIMES), effectiveFrom: z.string(), note: z.string().optional() }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireAdmin(request);
  const form = await readAdminForm(request);
  const lang = getRequestLang(request);
  return runAdminAction(lang, async () => {
    const input = parseForm(form, ActionSchema);
    const actorId = user.id;
    switch (input.intent) {
      case "add-day":
        await addCalendarDay({ actorId, ...input });
        return "admin:calendar.dayAdded";
      case "remove-day":
        await removeCalendarDay({ actorId, ...input });
        return "admin:calendar.dayRemoved";
      case "set-regime":
        await setCalendarRegime({ actorId, ...input });
        return "admin:calendar.regimeSet";
    }
  });
}

export default function Calendar() {
  const { lang, year, regime, days, periods, regimeNow } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const self = `/admin/calendar?lang=${lang}&year=${year}&regime=${regime}`;
  return (
    <section>
      <h1>{t(lang, "admin:calendar.title")}</h1>
      <p>
        {t(lang, "admin:calendar.regimeNow")} <strong>{t(lang, `admin:regimes.${regimeNow}`)}</strong>.{" "}
        <a href={`/deadlines?lang=${lang}`}>{t(lang, "admin:calendar.previewLink")}</a>
      </p>
      <ActionMessage result={result} />
      <Form method="get" action="/admin/calendar" className="inline-form">
        <input type="hidden" name="lang" value={lang} />
        <label htmlFor="cal-year">{t(lang, "admin:fields.year")}</label>
        <input id="cal-year" name="year" type="number" defaultValue={year} min={1992} max={2200} />
        <label htmlFor="cal-regime">{t(lang, "admin:fields.regime")}</label>
        <select id="cal-regime" name="regime" defaultValue={regime}>
          {REGIMES.map((r) => (
            <option key={r} value={r}>
              {t(lang, `admin:regimes.${r}`)}
            </option>
          ))}
        </select>
        <button type="submit">{t(lang, "admin:actions.show")}</button>
      </Form>
      <h2>{t(lang, "admin:calendar.days", { year, regime: t(lang, `admin:regimes.${regime}`) })}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{t(lang, "admin:fields.date")}</th>
            <th scope="col">{t(lang, "admin:fields.dayKind")}</th>
            <th scope="col">{t(lang, "admin:fields.reason")}</th>
            <th scope="col">
              <span style={{ position: "absolute", width: 1, height: 1, overflow: "hidden", clip: "rect(0 0 0 0)" }}>{t(lang, "admin:actions.remove")}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {days.map((d) => (
            <tr key={d.date}>
              <td>{d.date}</td>
              <td>{t(lang, d.isWorking ? "admin:calendar.working" : "admin:calendar.dayOff")}</td>
              <td>{lang === "en" ? d.reasonEn : d.reasonUk}</td>
              <td>
                <Form method="post" action={self}>
                  <CsrfInput />
                  <input type="hidden" name="regime" value={regime} />
                  <input type="hidden" name="date" value={d.date} />
                  <button type="submit" name="intent" value="remove-day" aria-label={t(lang, "admin:calendar.removeLabel", { date: d.date })}>
                    {t(lang, "admin:actions.remove")}
                  </button>
                </Form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t(lang, "admin:calendar.addDay")}</h2>
      <Form method="post" action={self}>
        <CsrfInput />
        <input type="hidden" name="regime" value={regime} />
        <label htmlFor="day-date">{t(lang, "admin:fields.date")}</label>
        <input id="day-date" name="date" type="date" required />
        <label>
          <input type="checkbox" name="isWorking" /> {t(lang, "admin:calendar.isWorking")}
        </label>
        <label htmlFor="day-reasonUk">{t(lang, "admin:fields.reasonUk")}</label>
        <input id="day-reasonUk" name="reasonUk" required />
        <label htmlFor="day-reasonEn">{t(lang, "admin:fields.reasonEn")}</label>
        <input id="day-reasonEn" name="reasonEn" />
        <p>
          <button type="submit" name="intent" value="add-day">
            {t(lang, "admin:actions.add")}
          </button>
        </p>
      </Form>
      <h2>{t(lang, "admin:calendar.periods")}</h2>
      <ul>
        {periods.map((p) => (
          <li key={p.id}>
            {p.effectiveFrom}: {t(lang, `admin:regimes.${p.regime}`)} {p.note ? <span className="muted">— {p.note}</span> : null}
          </li>
        ))}
      </ul>
      <h2>{t(lang, "admin:calendar.switchRegime")}</h2>
      <p className="muted">{t(lang, "admin:calendar.switchHint")}</p>
      <Form method="post" action={self}>
        <CsrfInput />
        <label htmlFor="reg-regime">{t(lang, "admin:fields.regime")}</label>
        <select id="reg-regime" name="regime" defaultValue={regimeNow === "PEACETIME" ? "MARTIAL_LAW" : "PEACETIME"}>
          {REGIMES.map((r) => (
            <option key={r} value={r}>
              {t(lang, `admin:regimes.${r}`)}
            </option>
          ))}
        </select>
        <label htmlFor="reg-from">{t(lang, "admin:fields.effectiveFrom")}</label>
        <input id="reg-from" name="effectiveFrom" type="date" required />
        <label htmlFor="reg-note">{t(lang, "admin:fields.note")}</label>
        <input id="reg-note" name="note" />
        <p>
          <button type="submit" name="intent" value="set-regime">
            {t(lang, "admin:calendar.switchRegime")}
          </button>
        </p>
      </Form>
    </section>
  );
}
