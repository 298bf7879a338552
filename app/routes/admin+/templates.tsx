import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { z } from "zod";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { ActionMessage } from "#app/components/admin/action-message.tsx";
import { InputRow, TextareaRow } from "#app/components/admin/field-row.tsx";
import { CheckboxField } from "#app/components/console/labelled-field.tsx";
import { PostForm } from "#app/components/post-form.tsx";
import { deleteReplyTemplate } from "#app/domain/templates/delete-reply-template.server.ts";
import { listReplyTemplates } from "#app/domain/templates/list-reply-templates.server.ts";
import { previewReplyTemplate } from "#app/domain/templates/preview-reply-template.server.ts";
import { REPLY_PLACEHOLDERS, usesNameInUkrainian } from "#app/domain/templates/reply-template-placeholders.ts";
import { saveReplyTemplate } from "#app/domain/templates/save-reply-template.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { parseForm } from "#app/utils/form.server.ts";
import { t, type Lang } from "#app/utils/i18n.ts";
import { loadPageTexts, type PageHandle } from "#app/utils/i18n-page.tsx";
import { getRequestLang } from "#app/utils/lang.server.ts";
import { readAdminForm, requireAdmin, runAdminAction } from "./admin-route.server.ts";

export const handle: PageHandle = { i18n: ["admin"] };
export const clientLoader = loadPageTexts(handle);

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: t(data?.lang ?? "uk", "admin:templates.title") }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const query = new URL(request.url).searchParams;
  const templates = (await listReplyTemplates()).map((tpl) => ({ ...tpl, nameInUk: usesNameInUkrainian(tpl.bodyUk) }));
  return {
    lang: getRequestLang(request),
    templates,
    confirmDelete: templates.find((tpl) => tpl.id === query.get("delete")) ?? null,
  };
}

const texts = {
  templateId: z.string().optional(),
  bodyUk: z.string(),
  bodyEn: z.string(),
  active: z.boolean().default(false),
};

const ActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("save"), code: z.string(), titleUk: z.string(), titleEn: z.string(), ...texts }),
  // A preview saves nothing, so a half-filled form (no code or titles yet) can be previewed.
  z.object({ intent: z.literal("preview"), code: z.string().default(""), titleUk: z.string().default(""), titleEn: z.string().default(""), ...texts }),
  // Deleting is two steps: "Delete…" opens a confirmation, whose form sends confirm=yes.
  z.object({ intent: z.literal("delete"), templateId: z.string(), confirm: z.string().optional() }),
]);

type Preview = ReturnType<typeof previewReplyTemplate>;
type Values = { templateId?: string; code: string; titleUk: string; titleEn: string; bodyUk: string; bodyEn: string; active: boolean };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireAdmin(request);
  const form = await readAdminForm(request);
  const lang = getRequestLang(request);
  let shown: { preview: Preview; values: Values } | undefined;
  const result = await runAdminAction(lang, async () => {
    const input = parseForm(form, ActionSchema);
    switch (input.intent) {
      case "delete":
        if (input.confirm !== "yes") throw new AppError("VALIDATION", "errors:template.deleteNotConfirmed", { field: "confirm" });
        await deleteReplyTemplate({ actorId: user.id, templateId: input.templateId });
        return "admin:templates.deleted";
      case "preview": {
        const { intent: _intent, ...values } = input;
        shown = { preview: previewReplyTemplate(values), values };
        return "admin:templates.previewReady";
      }
      case "save":
        await saveReplyTemplate({ actorId: user.id, ...input });
        return "admin:templates.saved";
    }
  });
  return shown && result.data.ok ? data({ ...result.data, ...shown }, result.init ?? undefined) : result;
}

type TemplateRow = { id: string; code: string; titleUk: string; titleEn: string; bodyUk: string; bodyEn: string; active: boolean };

function PreviewPanel({ lang, preview }: { lang: Lang; preview: Preview }) {
  const side = (which: "uk" | "en") => {
    const p = preview[which];
    return (
      <section key={which} aria-labelledby={`preview-${which}`}>
        <h3 id={`preview-${which}`}>{t(lang, `admin:templates.preview.${which}`)}</h3>
        <p>{t(lang, "admin:templates.preview.message")}</p>
        <pre data-testid={`preview-message-${which}`}>{p.message}</pre>
        <p>
          {t(lang, "admin:templates.preview.sms", { count: p.sms.segments, encoding: p.sms.encoding })}
          {p.sms.shortened ? (
            <>
              {" "}
              <strong className="admin-warning-text">{t(lang, "admin:templates.preview.shortened", { count: p.sms.wholeSegments })}</strong>
            </>
          ) : null}
        </p>
        <pre data-testid={`preview-sms-${which}`}>{p.sms.text}</pre>
      </section>
    );
  };
  return (
    <div className="admin-template-preview" role="status" aria-labelledby="preview-title">
      <h2 id="preview-title">{t(lang, "admin:templates.preview.title")}</h2>
      <p className="muted">{t(lang, "admin:templates.preview.lead", { number: preview.sample.number })}</p>
      {side("uk")}
      {side("en")}
    </div>
  );
}

function TemplateForm({ lang, template, values }: { lang: Lang; template?: TemplateRow; values?: Values }) {
  const id = template?.id ?? "new";
  const v = values ?? template;
  const self = `/admin/templates?lang=${lang}`;
  return (
    <PostForm action={self} fields={template ? { templateId: template.id } : undefined}>
      <InputRow id={`tpl-code-${id}`} label={t(lang, "admin:fields.code")} name="code" defaultValue={v?.code} required />
      <InputRow id={`tpl-titleUk-${id}`} label={t(lang, "admin:fields.titleUk")} name="titleUk" defaultValue={v?.titleUk} required />
      <InputRow id={`tpl-titleEn-${id}`} label={t(lang, "admin:fields.titleEn")} name="titleEn" defaultValue={v?.titleEn} required />
      <TextareaRow
        id={`tpl-bodyUk-${id}`}
        label={t(lang, "admin:fields.bodyUk")}
        hint={t(lang, "admin:templates.ukHint", { placeholder: "{name}" })}
        name="bodyUk"
        defaultValue={v?.bodyUk}
        rows={4}
        required
      />
      <TextareaRow id={`tpl-bodyEn-${id}`} label={t(lang, "admin:fields.bodyEn")} name="bodyEn" defaultValue={v?.bodyEn} rows={4} required />
      <CheckboxField name="active" defaultChecked={v?.active ?? true} label={t(lang, "admin:fields.active")} />
      <p className="admin-confirm-actions">
        <button type="submit" name="intent" value="preview" formNoValidate>
          {t(lang, "admin:templates.previewButton")}
        </button>
        <button type="submit" name="intent" value="save">
          {t(lang, template ? "admin:actions.save" : "admin:actions.create")}
        </button>
        {template ? (
          <Link to={`${self}&delete=${template.id}#confirm-delete-title`} aria-label={t(lang, "admin:templates.deleteLabel", { code: template.code })}>
            {t(lang, "admin:templates.deleteLink")}
          </Link>
        ) : null}
      </p>
    </PostForm>
  );
}

export default function Templates() {
  const { lang, templates, confirmDelete } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const shown = result && "preview" in result ? (result as unknown as { preview: Preview; values: Values }) : null;
  const shownFor = shown ? (shown.values.templateId ?? "new") : null;
  const self = `/admin/templates?lang=${lang}`;
  return (
    <section className="admin-templates">
      <h1>{t(lang, "admin:templates.title")}</h1>
      <p className="muted">{t(lang, "admin:templates.placeholders", { list: REPLY_PLACEHOLDERS.map((p) => `{${p}}`).join(", ") })}</p>
      <ActionMessage result={result} />
      {confirmDelete ? (
        <div className="admin-confirm" role="region" aria-labelledby="confirm-delete-title">
          <h2 id="confirm-delete-title">{t(lang, "admin:templates.confirmTitle", { title: lang === "en" ? confirmDelete.titleEn : confirmDelete.titleUk })}</h2>
          <pre className="muted">{lang === "en" ? confirmDelete.bodyEn : confirmDelete.bodyUk}</pre>
          <p>{t(lang, "admin:templates.confirmLead")}</p>
          <PostForm action={self} fields={{ templateId: confirmDelete.id, confirm: "yes" }}>
            <p className="admin-confirm-actions">
              <button type="submit" name="intent" value="delete" className="danger">
                {t(lang, "admin:templates.confirmDelete")}
              </button>
              <Link to={self}>{t(lang, "admin:templates.confirmCancel")}</Link>
            </p>
          </PostForm>
        </div>
      ) : null}
      {templates.map((tpl) => (
        <details key={tpl.id} open={shownFor === tpl.id}>
          <summary>
            {lang === "en" ? tpl.titleEn : tpl.titleUk}{" "}
            <span className="muted">
              ({tpl.code}
              {tpl.active ? "" : `, ${t(lang, "admin:inactive")}`})
            </span>
            {tpl.nameInUk ? (
              <>
                {" "}
                <span className="admin-warning-text" data-testid="template-name-in-uk">
                  {t(lang, "admin:templates.nameInUk", { placeholder: "{name}" })}
                </span>
              </>
            ) : null}
          </summary>
          <TemplateForm lang={lang} template={tpl} values={shownFor === tpl.id ? shown!.values : undefined} />
          {shownFor === tpl.id ? <PreviewPanel lang={lang} preview={shown!.preview} /> : null}
        </details>
      ))}
      <h2>{t(lang, "admin:templates.new")}</h2>
      <TemplateForm lang={lang} values={shownFor === "new" ? shown!.values : undefined} />
      {shownFor === "new" ? <PreviewPanel lang={lang} preview={shown!.preview} /> : null}
    </section>
  );
}
