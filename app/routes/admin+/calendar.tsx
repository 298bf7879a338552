import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ActionMessage } from "#app/components/admin/action-message.tsx";
import { InputRow, SelectRow } from "#app/components/admin/field-row.tsx";
import { TitledForm } from "#app/components/admin/titled-form.tsx";
import { CheckboxField } from "#app/components/console/labelled-field.tsx";
import { DataTable } from "#app/components/data-table.tsx";
import { PostForm } from "#app/components/post-form.tsx";
import { addCalendarDay } from "#app/domain/calendar/add-calendar-day.server.ts";
import { listCalendarDays } from "#app/domain/calendar/list-calendar-days.server.ts";
import { removeCalendarDay } from "#app/domain/calendar/remove-calendar-day.server.ts";
import { setCalendarRegime } from "#app/domain/calendar/set-calendar-regime.server.ts";
import { getTriageTermSettings, setTriageTermSettings } from "#app/domain/deadlines/triage-term-settings.server.ts";
import { TRIAGE_MAX_MINUTES } from "#app/domain/deadlines/triage-term.ts";
import { t } from "#app/utils/i18n.ts";
import { loadPageTexts, type PageHandle } from "#app/utils/i18n-page.tsx";
import { getRequestLang } from "#app/utils/lang.server.ts";
import { adminAction, requireAdmin } from "./admin-route.server.ts";
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
  return { lang: getRequestLang(request), year, regime, ...(await listCalendarDays({ year, regime })), triage: await getTriageTermSettings() };
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
  z.object({ intent: z.literal("set-triage"), termMinutes: z.coerce.number(), dayStartHour: z.coerce.number(), dayEndHour: z.coerce.number() }),
]);

export const action = adminAction(ActionSchema, async (input, actorId) => {
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
    case "set-triage":
      await setTriageTermSettings({ actorId, ...input });
      return "admin:calendar.triageSet";
  }
});

export default function Calendar() {
  const { lang, year, regime, days, known, periods, regimeNow, triage } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const self = `/admin/calendar?lang=${lang}&year=${year}&regime=${regime}`;
  const regimes = REGIMES.map((r) => ({ value: r, label: t(lang, `admin:regimes.${r}`) }));
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
        <InputRow id="cal-year" label={t(lang, "admin:fields.year")} name="year" type="number" defaultValue={year} min={1992} max={2200} />
        <SelectRow id="cal-regime" label={t(lang, "admin:fields.regime")} name="regime" defaultValue={regime} choices={regimes} />
        <button type="submit">{t(lang, "admin:actions.show")}</button>
      </Form>
      <h2>{t(lang, "admin:calendar.days", { year, regime: t(lang, `admin:regimes.${regime}`) })}</h2>
      {known ? (
        <p className="muted">{t(lang, "admin:calendar.rulesHint")}</p>
      ) : (
        <p className="calendar-gap" role="status">
          {t(lang, "admin:calendar.yearNotKnown", { year })}
        </p>
      )}
      <DataTable
        columns={[
          t(lang, "admin:fields.date"),
          t(lang, "admin:fields.dayKind"),
          t(lang, "admin:fields.reason"),
          t(lang, "admin:calendar.source"),
          <span key="remove" style={{ position: "absolute", width: 1, height: 1, overflow: "hidden", clip: "rect(0 0 0 0)" }}>
            {t(lang, "admin:actions.remove")}
          </span>,
        ]}
        rows={days}
        row={(d) => (
          <tr key={d.date}>
            <td>{d.date}</td>
            <td>{t(lang, d.isWorking ? "admin:calendar.working" : "admin:calendar.dayOff")}</td>
            <td>{lang === "en" ? d.reasonEn : d.reasonUk}</td>
            <td>{t(lang, `admin:calendar.sources.${d.source}`)}</td>
            <td>
              <PostForm action={self} fields={{ regime, date: d.date }}>
                <button type="submit" name="intent" value="remove-day" aria-label={t(lang, "admin:calendar.removeLabel", { date: d.date })}>
                  {t(lang, "admin:actions.remove")}
                </button>
              </PostForm>
            </td>
          </tr>
        )}
      />
      <TitledForm title={t(lang, "admin:calendar.addDay")} action={self} fields={{ regime }} intent="add-day" submit={t(lang, "admin:actions.add")}>
        <InputRow id="day-date" label={t(lang, "admin:fields.date")} name="date" type="date" required />
        <CheckboxField name="isWorking" label={t(lang, "admin:calendar.isWorking")} />
        <InputRow id="day-reasonUk" label={t(lang, "admin:fields.reasonUk")} name="reasonUk" required />
        <InputRow id="day-reasonEn" label={t(lang, "admin:fields.reasonEn")} name="reasonEn" />
      </TitledForm>
      <h2>{t(lang, "admin:calendar.periods")}</h2>
      <ul>
        {periods.map((p) => (
          <li key={p.id}>
            {p.effectiveFrom}: {t(lang, `admin:regimes.${p.regime}`)} {p.note ? <span className="muted">— {p.note}</span> : null}
          </li>
        ))}
      </ul>
      <TitledForm
        title={t(lang, "admin:calendar.switchRegime")}
        lead={t(lang, "admin:calendar.switchHint")}
        action={self}
        intent="set-regime"
        submit={t(lang, "admin:calendar.switchRegime")}
      >
        <SelectRow
          id="reg-regime"
          label={t(lang, "admin:fields.regime")}
          name="regime"
          defaultValue={regimeNow === "PEACETIME" ? "MARTIAL_LAW" : "PEACETIME"}
          choices={regimes}
        />
        <InputRow id="reg-from" label={t(lang, "admin:fields.effectiveFrom")} name="effectiveFrom" type="date" required />
        <InputRow id="reg-note" label={t(lang, "admin:fields.note")} name="note" />
      </TitledForm>
      <TitledForm
        title={t(lang, "admin:calendar.triageTitle")}
        lead={t(lang, "admin:calendar.triageHint")}
        action={self}
        intent="set-triage"
        submit={t(lang, "admin:actions.save")}
      >
        <InputRow
          id="triage-minutes"
          label={t(lang, "admin:fields.termMinutes")}
          name="termMinutes"
          type="number"
          min={1}
          max={TRIAGE_MAX_MINUTES}
          defaultValue={triage.termMinutes}
          required
        />
        <InputRow
          id="triage-from"
          label={t(lang, "admin:fields.dayStartHour")}
          name="dayStartHour"
          type="number"
          min={0}
          max={23}
          defaultValue={triage.dayStartHour}
          required
        />
        <InputRow
          id="triage-until"
          label={t(lang, "admin:fields.dayEndHour")}
          name="dayEndHour"
          type="number"
          min={1}
          max={24}
          defaultValue={triage.dayEndHour}
          required
        />
      </TitledForm>
    </section>
  );
}
