import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ActionMessage } from "#app/components/admin/action-message.tsx";
import { InputRow, SelectRow, SubmitRow, TextareaRow } from "#app/components/admin/field-row.tsx";
import { CheckboxField } from "#app/components/console/labelled-field.tsx";
import { PostForm } from "#app/components/post-form.tsx";
import { getAdminCategory } from "#app/domain/categories/get-admin-category.server.ts";
import { updateCategory } from "#app/domain/categories/update-category.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { t } from "#app/utils/i18n.ts";
import { loadPageTexts, type PageHandle } from "#app/utils/i18n-page.tsx";
import { getRequestLang } from "#app/utils/lang.server.ts";
import { requireIdParam } from "#app/utils/request-input.server.ts";
import { parseForm } from "#app/utils/form.server.ts";
import { throwAsResponse } from "#app/utils/user-error.server.ts";
import { readAdminForm, requireAdmin, runAdminAction } from "./admin-route.server.ts";

const ParamsSchema = z.object({ categoryId: z.string().uuid() });

const CategoryFormSchema = z.object({
  nameUk: z.string(),
  nameEn: z.string(),
  departmentId: z.string().nullable().default(null),
  urgency: z.enum(["URGENT", "EMERGENCY", "NORMAL"]).default("NORMAL"),
  slaAmount: z.number().nullable().default(null),
  slaUnit: z.enum(["HOURS", "CALENDAR_DAYS", "WORKING_DAYS", "MONTHS"]).nullable().default(null),
  statutoryApplies: z.boolean().default(false),
  statutoryTerm: z.enum(["DAYS_15", "MONTH_1"]).nullable().default(null),
  isAdminService: z.boolean().default(false),
  active: z.boolean().default(false),
  extraQuestions: z.string().default("[]"),
});

export const handle: PageHandle = { i18n: ["admin"] };
export const clientLoader = loadPageTexts(handle);

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: t(data?.lang ?? "uk", "admin:categories.editTitle") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const lang = getRequestLang(request);
  const parsed = ParamsSchema.safeParse(params);
  const found = parsed.success ? await getAdminCategory({ categoryId: parsed.data.categoryId }) : null;
  if (!found) throwAsResponse(new AppError("NOT_FOUND", "errors:category.notFound"), lang);
  return { lang, ...found, extraQuestionsJson: JSON.stringify(found.category.extraQuestions, null, 2) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireAdmin(request);
  const categoryId = requireIdParam(params.categoryId);
  const form = await readAdminForm(request);
  const lang = getRequestLang(request);
  return runAdminAction(lang, async () => {
    const { extraQuestions, ...input } = parseForm(form, CategoryFormSchema);
    await updateCategory({ actorId: user.id, categoryId, ...input, extraQuestionsJson: extraQuestions });
    return "admin:categories.saved";
  });
}

export default function EditCategory() {
  const { lang, category: c, departments, extraQuestionsJson } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const choices = {
    departments: departments.map((d) => ({ value: d.id, label: lang === "en" ? d.nameEn : d.nameUk })),
    urgency: (["NORMAL", "URGENT", "EMERGENCY"] as const).map((u) => ({ value: u, label: t(lang, `admin:urgency.${u}`) })),
    slaUnits: (["HOURS", "CALENDAR_DAYS", "WORKING_DAYS", "MONTHS"] as const).map((u) => ({ value: u, label: t(lang, `admin:units.${u}`) })),
    statutoryTerms: (["DAYS_15", "MONTH_1"] as const).map((s) => ({ value: s, label: t(lang, `admin:statutory.${s}`) })),
  };
  return (
    <section>
      <p>
        <a href={`/admin/categories?lang=${lang}`}>← {t(lang, "admin:categories.title")}</a>
      </p>
      <h1>
        {t(lang, "admin:categories.editTitle")}: {lang === "en" ? c.nameEn : c.nameUk} <span className="muted">({c.code})</span>
      </h1>
      <ActionMessage result={result} />
      <PostForm action={`/admin/categories/${c.id}?lang=${lang}`}>
        <InputRow id="c-nameUk" label={t(lang, "admin:fields.nameUk")} name="nameUk" defaultValue={c.nameUk} required />
        <InputRow id="c-nameEn" label={t(lang, "admin:fields.nameEn")} name="nameEn" defaultValue={c.nameEn} required />
        <SelectRow
          id="c-dep"
          label={t(lang, "admin:fields.executor")}
          name="departmentId"
          defaultValue={c.departmentId ?? ""}
          none={t(lang, "admin:categories.noExecutor")}
          choices={choices.departments}
        />
        <SelectRow id="c-urgency" label={t(lang, "admin:fields.urgency")} name="urgency" defaultValue={c.urgency} choices={choices.urgency} />
        <fieldset>
          <legend>{t(lang, "admin:fields.sla")}</legend>
          <InputRow id="c-slaAmount" label={t(lang, "admin:fields.slaAmount")} name="slaAmount" type="number" min={1} defaultValue={c.slaAmount ?? ""} />
          <SelectRow id="c-slaUnit" label={t(lang, "admin:fields.slaUnit")} name="slaUnit" defaultValue={c.slaUnit ?? ""} none="—" choices={choices.slaUnits} />
        </fieldset>
        <fieldset>
          <legend>{t(lang, "admin:fields.statutory")}</legend>
          <CheckboxField name="statutoryApplies" defaultChecked={c.statutoryApplies} label={t(lang, "admin:fields.statutoryApplies")} />
          <SelectRow
            id="c-statutoryTerm"
            label={t(lang, "admin:fields.statutoryTerm")}
            name="statutoryTerm"
            defaultValue={c.statutoryTerm ?? ""}
            none="—"
            choices={choices.statutoryTerms}
          />
        </fieldset>
        <CheckboxField name="isAdminService" defaultChecked={c.isAdminService} label={t(lang, "admin:fields.isAdminService")} />
        <CheckboxField name="active" defaultChecked={c.active} label={t(lang, "admin:fields.active")} />
        <TextareaRow
          id="c-extra"
          label={t(lang, "admin:fields.extraQuestions")}
          name="extraQuestions"
          rows={14}
          cols={80}
          defaultValue={extraQuestionsJson}
          hint={t(lang, "admin:hints.extraQuestions")}
          spellCheck={false}
        />
        <SubmitRow>{t(lang, "admin:actions.save")}</SubmitRow>
      </PostForm>
    </section>
  );
}
