import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ActionMessage } from "#app/components/admin/action-message.tsx";
import { CsrfInput } from "#app/components/csrf-input.tsx";
import { endOutageEvent } from "#app/domain/outages/end-outage-event.server.ts";
import { listActiveOutages } from "#app/domain/outages/list-active-outages.server.ts";
import { formatKyivTime, parseKyivLocal } from "#app/domain/calendar/kyiv-time.ts";
import { recordOutage } from "#app/domain/outages/record-outage.server.ts";
import { t } from "#app/utils/i18n.ts";
import { loadPageTexts, type PageHandle } from "#app/utils/i18n-page.tsx";
import { getRequestLang } from "#app/utils/lang.server.ts";
import { parseForm } from "#app/utils/form.server.ts";
import { readAdminForm, requireAdmin, runAdminAction } from "./admin-route.server.ts";

export const handle: PageHandle = { i18n: ["admin"] };
export const clientLoader = loadPageTexts(handle);

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: t(data?.lang ?? "uk", "admin:outages.title") }];

/** "2026-11-26T10:00" from a datetime-local field is Kyiv time (DST rule: kyiv-time.ts); "invalid" lets the use case name the field. */
function kyivLocal(value: string | undefined): string | undefined {
  if (!value) return undefined;
  return parseKyivLocal(value)?.toISOString() ?? "invalid";
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  return { lang: getRequestLang(request), ...(await listActiveOutages()) };
}

const ActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("record"),
    kind: z.enum(["OUTAGE", "PLANNED_WORKS"]),
    titleUk: z.string(),
    titleEn: z.string().optional(),
    causeUk: z.string(),
    causeEn: z.string().optional(),
    districtCode: z.string(),
    categoryCodes: z.array(z.string()).default([]),
    startsAt: z.string().optional(),
    plannedEndAt: z.string().optional(),
  }),
  z.object({ intent: z.literal("end"), outageId: z.string() }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireAdmin(request);
  const form = await readAdminForm(request);
  const lang = getRequestLang(request);
  return runAdminAction(lang, async () => {
    const input = parseForm(form, ActionSchema);
    if (input.intent === "end") {
      await endOutageEvent({ actorId: user.id, outageId: input.outageId });
      return "admin:outages.ended";
    }
    await recordOutage({
      actorId: user.id,
      ...input,
      startsAt: kyivLocal(input.startsAt) ?? new Date().toISOString(),
      plannedEndAt: kyivLocal(input.plannedEndAt),
    });
    return "admin:outages.recorded";
  });
}

export default function Outages() {
  const { lang, outages, districts, categories } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const name = (x: { nameUk: string; nameEn: string }) => (lang === "en" ? x.nameEn : x.nameUk);
  const when = (d: string | Date | null) => formatKyivTime(d, "dateTime", lang) || "—";
  const q = `?lang=${lang}`;
  return (
    <section>
      <h1>{t(lang, "admin:outages.title")}</h1>
      <ActionMessage result={result} />
      {outages.length === 0 ? <p className="muted">{t(lang, "admin:outages.none")}</p> : null}
      <ul>
        {outages.map((o) => (
          <li key={o.id}>
            <strong>{lang === "en" && o.titleEn ? o.titleEn : o.titleUk}</strong> ({t(lang, `admin:outageKinds.${o.kind}`)}) —{" "}
            {o.district ? name(o.district) : "—"}; {when(o.startsAt)} → {when(o.plannedEndAt)}; {o.categories.map((c) => name(c.category)).join(", ")}
            <Form method="post" action={`/admin/outages${q}`}>
              <CsrfInput />
              <input type="hidden" name="outageId" value={o.id} />
              <button type="submit" name="intent" value="end">
                {t(lang, "admin:outages.end")}
              </button>
            </Form>
          </li>
        ))}
      </ul>
      <h2>{t(lang, "admin:outages.new")}</h2>
      <Form method="post" action={`/admin/outages${q}`}>
        <CsrfInput />
        <label htmlFor="o-kind">{t(lang, "admin:fields.kind")}</label>
        <select id="o-kind" name="kind" defaultValue="OUTAGE">
          <option value="OUTAGE">{t(lang, "admin:outageKinds.OUTAGE")}</option>
          <option value="PLANNED_WORKS">{t(lang, "admin:outageKinds.PLANNED_WORKS")}</option>
        </select>
        <label htmlFor="o-titleUk">{t(lang, "admin:fields.titleUk")}</label>
        <input id="o-titleUk" name="titleUk" required minLength={3} />
        <label htmlFor="o-titleEn">{t(lang, "admin:fields.titleEn")}</label>
        <input id="o-titleEn" name="titleEn" />
        <label htmlFor="o-causeUk">{t(lang, "admin:fields.causeUk")}</label>
        <textarea id="o-causeUk" name="causeUk" required minLength={3} rows={3} />
        <label htmlFor="o-causeEn">{t(lang, "admin:fields.causeEn")}</label>
        <textarea id="o-causeEn" name="causeEn" rows={3} />
        <label htmlFor="o-district">{t(lang, "admin:fields.district")}</label>
        <select id="o-district" name="districtCode" required defaultValue="">
          <option value="" disabled>
            —
          </option>
          {districts.map((d) => (
            <option key={d.code} value={d.code}>
              {name(d)}
            </option>
          ))}
        </select>
        <label htmlFor="o-categories">{t(lang, "admin:fields.categories")}</label>
        <select id="o-categories" name="categoryCodes" multiple required size={8}>
          {categories.map((c) => (
            <option key={c.code} value={c.code}>
              {name(c)} ({c.code})
            </option>
          ))}
        </select>
        <label htmlFor="o-starts">{t(lang, "admin:fields.startsAt")}</label>
        <input id="o-starts" name="startsAt" type="datetime-local" />
        <label htmlFor="o-ends">{t(lang, "admin:fields.plannedEndAt")}</label>
        <input id="o-ends" name="plannedEndAt" type="datetime-local" />
        <p>
          <button type="submit" name="intent" value="record">
            {t(lang, "admin:outages.record")}
          </button>
        </p>
      </Form>
    </section>
  );
}
