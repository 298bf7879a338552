import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { z } from "zod";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ActionMessage } from "#app/components/admin/action-message.tsx";
import { InputRow, TextareaRow } from "#app/components/admin/field-row.tsx";
import { CheckboxField } from "#app/components/console/labelled-field.tsx";
import { PostForm } from "#app/components/post-form.tsx";
import { deleteReplyTemplate } from "#app/domain/templates/delete-reply-template.server.ts";
import { listReplyTemplates } from "#app/domain/templates/list-reply-templates.server.ts";
import { REPLY_PLACEHOLDERS } from "#app/domain/templates/reply-template-placeholders.ts";
import { saveReplyTemplate } from "#app/domain/templates/save-reply-template.server.ts";
import { t } from "#app/utils/i18n.ts";
import { loadPageTexts, type PageHandle } from "#app/utils/i18n-page.tsx";
import { getRequestLang } from "#app/utils/lang.server.ts";
import { adminAction, requireAdmin } from "./admin-route.server.ts";

export const handle: PageHandle = { i18n: ["admin"] };
export const clientLoader = loadPageTexts(handle);

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: t(data?.lang ?? "uk", "admin:templates.title") }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  return { lang: getRequestLang(request), templates: await listReplyTemplates() };
}

const ActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("save"),
    templateId: z.string().optional(),
    code: z.string(),
    titleUk: z.string(),
    titleEn: z.string(),
    bodyUk: z.string(),
    bodyEn: z.string(),
    active: z.boolean().default(false),
  }),
  z.object({ intent: z.literal("delete"), templateId: z.string() }),
]);

export const action = adminAction(ActionSchema, async (input, actorId) => {
  if (input.intent === "delete") {
    await deleteReplyTemplate({ actorId: actorId, templateId: input.templateId });
    return "admin:templates.deleted";
  }
  await saveReplyTemplate({ actorId: actorId, ...input });
  return "admin:templates.saved";
});

type TemplateRow = { id: string; code: string; titleUk: string; titleEn: string; bodyUk: string; bodyEn: string; active: boolean };

function TemplateForm({ lang, template }: { lang: "uk" | "en"; template?: TemplateRow }) {
  const id = template?.id ?? "new";
  return (
    <PostForm action={`/admin/templates?lang=${lang}`} fields={template ? { templateId: template.id } : undefined}>
      <InputRow id={`tpl-code-${id}`} label={t(lang, "admin:fields.code")} name="code" defaultValue={template?.code} required />
      <InputRow id={`tpl-titleUk-${id}`} label={t(lang, "admin:fields.titleUk")} name="titleUk" defaultValue={template?.titleUk} required />
      <InputRow id={`tpl-titleEn-${id}`} label={t(lang, "admin:fields.titleEn")} name="titleEn" defaultValue={template?.titleEn} required />
      <TextareaRow id={`tpl-bodyUk-${id}`} label={t(lang, "admin:fields.bodyUk")} name="bodyUk" defaultValue={template?.bodyUk} rows={4} cols={70} required />
      <TextareaRow id={`tpl-bodyEn-${id}`} label={t(lang, "admin:fields.bodyEn")} name="bodyEn" defaultValue={template?.bodyEn} rows={4} cols={70} required />
      <CheckboxField name="active" defaultChecked={template?.active ?? true} label={t(lang, "admin:fields.active")} />
      <p>
        <button type="submit" name="intent" value="save">
          {t(lang, template ? "admin:actions.save" : "admin:actions.create")}
        </button>{" "}
        {template ? (
          <button type="submit" name="intent" value="delete" formNoValidate>
            {t(lang, "admin:actions.delete")}
          </button>
        ) : null}
      </p>
    </PostForm>
  );
}

export default function Templates() {
  const { lang, templates } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <section>
      <h1>{t(lang, "admin:templates.title")}</h1>
      <p className="muted">{t(lang, "admin:templates.placeholders", { list: REPLY_PLACEHOLDERS.map((p) => `{${p}}`).join(", ") })}</p>
      <ActionMessage result={result} />
      {templates.map((tpl) => (
        <details key={tpl.id}>
          <summary>
            {lang === "en" ? tpl.titleEn : tpl.titleUk}{" "}
            <span className="muted">
              ({tpl.code}
              {tpl.active ? "" : `, ${t(lang, "admin:inactive")}`})
            </span>
          </summary>
          <TemplateForm lang={lang} template={tpl} />
        </details>
      ))}
      <h2>{t(lang, "admin:templates.new")}</h2>
      <TemplateForm lang={lang} />
    </section>
  );
}
