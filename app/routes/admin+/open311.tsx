// /admin/open311 — keys of the applications that use the Open311 API: issue one (shown once,
// only its hash is kept), see when each was last used, revoke it. Administrators only; every
// issue and revocation is audited.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ActionMessage } from "#app/components/admin/action-message.tsx";
import { InputRow } from "#app/components/admin/field-row.tsx";
import { DataTable } from "#app/components/data-table.tsx";
import { PostForm } from "#app/components/post-form.tsx";
import { formatKyivTime } from "#app/domain/calendar/kyiv-time.ts";
import { issueOpen311Key, listOpen311Clients, revokeOpen311Key } from "#app/domain/open311/open311-keys.server.ts";
import { parseForm } from "#app/utils/form.server.ts";
import { t } from "#app/utils/i18n.ts";
import { loadPageTexts, type PageHandle } from "#app/utils/i18n-page.tsx";
import { getRequestLang } from "#app/utils/lang.server.ts";
import { readAdminForm, requireAdmin, runAdminAction } from "./admin-route.server.ts";

export const handle: PageHandle = { i18n: ["admin"] };
export const clientLoader = loadPageTexts(handle);

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: t(data?.lang ?? "uk", "admin:open311.title") }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const { clients, envKeyCount } = await listOpen311Clients();
  return { lang: getRequestLang(request), clients, envKeyCount };
}

const ActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("issue"), name: z.string().max(200) }),
  z.object({ intent: z.literal("revoke"), clientId: z.string().max(100) }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireAdmin(request);
  const form = await readAdminForm(request);
  const lang = getRequestLang(request);
  let issued: { key: string; name: string } | undefined;
  const result = await runAdminAction(lang, async () => {
    const input = parseForm(form, ActionSchema);
    if (input.intent === "revoke") {
      await revokeOpen311Key({ actorId: user.id, clientId: input.clientId });
      return "admin:open311.revoked";
    }
    const { key } = await issueOpen311Key({ actorId: user.id, name: input.name });
    issued = { key, name: input.name.trim() };
    return "admin:open311.issued";
  });
  // The key goes back in this one answer and is never readable again.
  return issued && result.data.ok ? data({ ...result.data, issued }, { ...result.init, headers: { "Cache-Control": "no-store" } }) : result;
}

export default function Open311Keys() {
  const { lang, clients, envKeyCount } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const issued = result && "issued" in result ? (result.issued as { key: string; name: string }) : null;
  const self = `/admin/open311?lang=${lang}`;
  const when = (d: string | Date | null) => (d ? formatKyivTime(d, "dateTime", lang) : t(lang, "admin:open311.never"));
  return (
    <section className="admin-open311">
      <h1>{t(lang, "admin:open311.title")}</h1>
      <p className="muted">{t(lang, "admin:open311.lead")}</p>
      {envKeyCount ? <p>{t(lang, "admin:open311.envKeys", { count: envKeyCount })}</p> : null}
      <ActionMessage result={result} />
      {issued ? (
        <div className="admin-confirm" role="region" aria-labelledby="issued-key-title">
          <h2 id="issued-key-title">{t(lang, "admin:open311.keyLabel", { name: issued.name })}</h2>
          <p>
            <code data-testid="issued-key">{issued.key}</code>
          </p>
          <p className="admin-warning-text">{t(lang, "admin:open311.copyNow")}</p>
        </div>
      ) : null}
      <h2>{t(lang, "admin:open311.issueTitle")}</h2>
      <PostForm action={self}>
        <InputRow
          id="open311-name"
          label={t(lang, "admin:open311.name")}
          hint={t(lang, "admin:open311.nameHint")}
          name="name"
          required
          maxLength={200}
          autoComplete="off"
        />
        <p>
          <button type="submit" name="intent" value="issue">
            {t(lang, "admin:open311.issue")}
          </button>
        </p>
      </PostForm>
      <h2>{t(lang, "admin:open311.listTitle")}</h2>
      <DataTable
        columns={[
          t(lang, "admin:open311.name"),
          t(lang, "admin:open311.prefix"),
          t(lang, "admin:open311.created"),
          t(lang, "admin:open311.lastUsed"),
          t(lang, "admin:open311.state"),
        ]}
        rows={clients}
        empty={t(lang, "admin:open311.empty")}
        testId="open311-clients"
        row={(c) => (
          <tr key={c.id}>
            <td>{c.name}</td>
            <td>
              <code>{c.keyPrefix}…</code>
            </td>
            <td>
              {when(c.createdAt)}
              {c.createdBy ? <span className="muted"> ({c.createdBy.name})</span> : null}
            </td>
            <td>{when(c.lastUsedAt)}</td>
            <td>
              {c.revokedAt ? (
                t(lang, "admin:open311.revokedAt", { date: when(c.revokedAt) })
              ) : (
                <PostForm action={self} fields={{ clientId: c.id }}>
                  {t(lang, "admin:open311.active")}{" "}
                  <button type="submit" name="intent" value="revoke" className="danger" aria-label={t(lang, "admin:open311.revokeLabel", { name: c.name })}>
                    {t(lang, "admin:open311.revoke")}
                  </button>
                </PostForm>
              )}
            </td>
          </tr>
        )}
      />
    </section>
  );
}
