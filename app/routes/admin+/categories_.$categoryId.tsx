import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ActionMessage } from "#app/components/admin/action-message.tsx";
import { CsrfInput } from "#app/components/csrf-input.tsx";
import { getAdminCategory } from "#app/domain/categories/get-admin-category.server.ts";
import { updateCategory } from "#app/domain/categories/update-category.server.ts";
import { t } from "#app/utils/i18n.ts";
import { loadPageTexts, type PageHandle } from "#app/utils/i18n-page.tsx";
import { getRequestLang } from "#app/utils/lang.server.ts";
import { requireIdParam } from "#app/utils/request-input.server.ts";
import { parseForm } from "#app/utils/form.server.ts";
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
  if (!found) throw new Response(t(lang, "admin:errors.NOT_FOUND"), { status: 404 });
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
  return (
    <section>
      <p>
        <a href={`/admin/categories?lang=${lang}`}>← {t(lang, "admin:categories.title")}</a>
      </p>
      <h1>
        {t(lang, "admin:categories.editTitle")}: {lang === "en" ? c.nameEn : c.nameUk} <span className="muted">({c.code})</span>
      </h1>
      <ActionMessage result={result} />
      <Form method="post" action={`/admin/categories/${c.id}?lang=${lang}`}>
        <CsrfInput />
        <label htmlFor="c-nameUk">{t(lang, "admin:fields.nameUk")}</label>
        <input id="c-nameUk" name="nameUk" defaultValue={c.nameUk} required />
        <label htmlFor="c-nameEn">{t(lang, "admin:fields.nameEn")}</label>
        <input id="c-nameEn" name="nameEn" defaultValue={c.nameEn} required />
        <label htmlFor="c-dep">{t(lang, "admin:fields.executor")}</label>
        <select id="c-dep" name="departmentId" defaultValue={c.departmentId ?? ""}>
          <option value="">{t(lang, "admin:categories.noExecutor")}</option>
          {departments.map((d) => (
            <option key={d.id} value={d.id}>
              {lang === "en" ? d.nameEn : d.nameUk}
            </option>
          ))}
        </select>
        <label htmlFor="c-urgency">{t(lang, "admin:fields.urgency")}</label>
        <select id="c-urgency" name="urgency" defaultValue={c.urgency}>
          {(["NORMAL", "URGENT", "EMERGENCY"] as const).map((u) => (
            <option key={u} value={u}>
              {t(lang, `admin:urgency.${u}`)}
            </option>
          ))}
        </select>
        <fieldset>
          <legend>{t(lang, "admin:fields.sla")}</legend>
          <label htmlFor="c-slaAmount">{t(lang, "admin:fields.slaAmount")}</label>
          <input id="c-slaAmount" name="slaAmount" type="number" min={1} defaultValue={c.slaAmount ?? ""} />
          <label htmlFor="c-slaUnit">{t(lang, "admin:fields.slaUnit")}</label>
          <select id="c-slaUnit" name="slaUnit" defaultValue={c.slaUnit ?? ""}>
            <option value="">—</option>
            {(["HOURS", "CALENDAR_DAYS", "WORKING_DAYS", "MONTHS"] as const).map((u) => (
              <option key={u} value={u}>
                {t(lang, `admin:units.${u}`)}
              </option>
            ))}
          </select>
        </fieldset>
        <fieldset>
          <legend>{t(lang, "admin:fields.statutory")}</legend>
          <label>
            <input type="checkbox" name="statutoryApplies" defaultChecked={c.statutoryApplies} /> {t(lang, "admin:fields.statutoryApplies")}
          </label>
          <label htmlFor="c-statutoryTerm">{t(lang, "admin:fields.statutoryTerm")}</label>
          <select id="c-statutoryTerm" name="statutoryTerm" defaultValue={c.statutoryTerm ?? ""}>
            <option value="">—</option>
            <option value="DAYS_15">{t(lang, "admin:statutory.DAYS_15")}</option>
            <option value="MONTH_1">{t(lang, "admin:statutory.MONTH_1")}</option>
          </select>
        </fieldset>
        <label>
          <input type="checkbox" name="isAdminService" defaultChecked={c.isAdminService} /> {t(lang, "admin:fields.isAdminService")}
        </label>
        <label>
          <input type="checkbox" name="active" defaultChecked={c.active} /> {t(lang, "admin:fields.active")}
        </label>
        <label htmlFor="c-extra">{t(lang, "admin:fields.extraQuestions")}</label>
        <textarea id="c-extra" name="extraQuestions" rows={14} cols={80} defaultValue={extraQuestionsJson} aria-describedby="c-extra-hint" spellCheck={false} />
        <small id="c-extra-hint" className="muted">
          {t(lang, "admin:hints.extraQuestions")}
        </small>
        <p>
          <button type="submit">{t(lang, "admin:actions.save")}</button>
        </p>
      </Form>
    </section>
  );
}
