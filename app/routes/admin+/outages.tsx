import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { z } from "zod";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ActionMessage } from "#app/components/admin/action-message.tsx";
import { InputRow, SelectRow, TextareaRow } from "#app/components/admin/field-row.tsx";
import { TitledForm } from "#app/components/admin/titled-form.tsx";
import { PostForm } from "#app/components/post-form.tsx";
import { endOutageEvent } from "#app/domain/outages/end-outage-event.server.ts";
import { listActiveOutages } from "#app/domain/outages/list-active-outages.server.ts";
import { formatKyivTime, parseKyivLocal } from "#app/domain/calendar/kyiv-time.ts";
import { recordOutage } from "#app/domain/outages/record-outage.server.ts";
import { t } from "#app/utils/i18n.ts";
import { loadPageTexts, type PageHandle } from "#app/utils/i18n-page.tsx";
import { getRequestLang } from "#app/utils/lang.server.ts";
import { adminAction, requireAdmin } from "./admin-route.server.ts";

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

export const action = adminAction(ActionSchema, async (input, actorId) => {
  if (input.intent === "end") {
    await endOutageEvent({ actorId: actorId, outageId: input.outageId });
    return "admin:outages.ended";
  }
  await recordOutage({
    actorId: actorId,
    ...input,
    startsAt: kyivLocal(input.startsAt) ?? new Date().toISOString(),
    plannedEndAt: kyivLocal(input.plannedEndAt),
  });
  return "admin:outages.recorded";
});

export default function Outages() {
  const { lang, outages, districts, categories } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const name = (x: { nameUk: string; nameEn: string }) => (lang === "en" ? x.nameEn : x.nameUk);
  const when = (d: string | Date | null) => formatKyivTime(d, "dateTime", lang) || "—";
  const self = `/admin/outages?lang=${lang}`;
  const choices = {
    kinds: (["OUTAGE", "PLANNED_WORKS"] as const).map((k) => ({ value: k, label: t(lang, `admin:outageKinds.${k}`) })),
    districts: districts.map((d) => ({ value: d.code, label: name(d) })),
    categories: categories.map((c) => ({ value: c.code, label: `${name(c)} (${c.code})` })),
  };
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
            <PostForm action={self} fields={{ outageId: o.id }}>
              <button type="submit" name="intent" value="end">
                {t(lang, "admin:outages.end")}
              </button>
            </PostForm>
          </li>
        ))}
      </ul>
      <TitledForm title={t(lang, "admin:outages.new")} action={self} intent="record" submit={t(lang, "admin:outages.record")}>
        <SelectRow id="o-kind" label={t(lang, "admin:fields.kind")} name="kind" defaultValue="OUTAGE" choices={choices.kinds} />
        <InputRow id="o-titleUk" label={t(lang, "admin:fields.titleUk")} name="titleUk" required minLength={3} />
        <InputRow id="o-titleEn" label={t(lang, "admin:fields.titleEn")} name="titleEn" />
        <TextareaRow id="o-causeUk" label={t(lang, "admin:fields.causeUk")} name="causeUk" required minLength={3} rows={3} />
        <TextareaRow id="o-causeEn" label={t(lang, "admin:fields.causeEn")} name="causeEn" rows={3} />
        <SelectRow id="o-district" label={t(lang, "admin:fields.district")} name="districtCode" required defaultValue="" choose choices={choices.districts} />
        <SelectRow id="o-categories" label={t(lang, "admin:fields.categories")} name="categoryCodes" multiple required size={8} choices={choices.categories} />
        <InputRow id="o-starts" label={t(lang, "admin:fields.startsAt")} name="startsAt" type="datetime-local" />
        <InputRow id="o-ends" label={t(lang, "admin:fields.plannedEndAt")} name="plannedEndAt" type="datetime-local" />
      </TitledForm>
    </section>
  );
}
