import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { kyivTime } from "#app/components/console/format.ts";
import { CheckboxField, SelectField, TextField } from "#app/components/console/labelled-field.tsx";
import { LiveUpdates } from "#app/components/console/live-updates.tsx";
import { DataTable } from "#app/components/data-table.tsx";
import { PostForm } from "#app/components/post-form.tsx";
import { deleteInboxView } from "#app/domain/inbox/delete-inbox-view.server.ts";
import { CHANNELS, inboxQueryString, parseInboxQuery, QUEUES, REQUEST_STATUSES, SORTS } from "#app/domain/inbox/inbox-filters.ts";
import { listInbox } from "#app/domain/inbox/list-inbox.server.ts";
import { saveInboxView } from "#app/domain/inbox/save-inbox-view.server.ts";
import { requireStaffUser } from "#app/utils/auth.server.ts";
import { requireCsrf } from "#app/utils/csrf.server.ts";
import { t, type Lang } from "#app/utils/i18n.ts";
import { loadPageTexts, type PageHandle } from "#app/utils/i18n-page.tsx";
import { getRequestLang } from "#app/utils/lang.server.ts";
import { parseForm } from "#app/utils/form.server.ts";
import { readForm, readSearchParams } from "#app/utils/request-input.server.ts";
import { toUserError } from "#app/utils/user-error.server.ts";

export const handle: PageHandle = { i18n: ["console", "staff"] };
export const clientLoader = loadPageTexts(handle);

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: t(data?.lang ?? "uk", "console:inbox.title") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaffUser(request);
  const lang = getRequestLang(request);
  const url = new URL(request.url);
  const search = readSearchParams(url);
  const query = parseInboxQuery(search);
  const { sort, page, ...filters } = query;
  const result = await listInbox({ actor: user, filters, sort, page });
  return {
    lang,
    query,
    done: search.get("done"),
    ...result,
    rows: result.rows.map((r) => ({ ...r, receivedAt: r.receivedAt.toISOString(), dueAt: r.dueAt?.toISOString() ?? null })),
  };
}

const ActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("save-view"), name: z.string().default(""), query: z.string().max(2000).default("") }),
  z.object({ intent: z.literal("delete-view"), viewId: z.string() }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireStaffUser(request);
  const lang = getRequestLang(request);
  const form = await readForm(request);
  requireCsrf(request, form);
  try {
    const input = parseForm(form, ActionSchema);
    if (input.intent === "save-view") {
      await saveInboxView({ actor: user, name: input.name, query: input.query });
      const qs = new URLSearchParams(input.query);
      qs.set("done", "view-saved");
      return redirect(`/staff/inbox?${qs}`);
    }
    await deleteInboxView({ actor: user, viewId: input.viewId });
    return redirect(`/staff/inbox?done=view-deleted`);
  } catch (e) {
    const { status, message } = toUserError(e, lang);
    return data({ error: message }, { status });
  }
}

function name(lang: Lang, o: { nameUk: string; nameEn: string } | null) {
  return o ? (lang === "en" ? o.nameEn : o.nameUk) : "—";
}

export default function Inbox() {
  const { lang, query, rows, hasNext, page, savedViews, options, done, searchTooShort } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const qs = inboxQueryString(query);
  const L = (key: string, p?: Record<string, string | number>) => t(lang, `console:${key}`, p);
  // A filter's select: named as its query parameter, showing the value in force.
  const filter = (key: "queue" | "status" | "category" | "department" | "district" | "channel") => ({ gap: false, name: key, defaultValue: query[key] ?? "" });
  const byName = (o: { id: string; nameUk: string; nameEn: string }) => ({ value: o.id, label: name(lang, o) });
  return (
    <section className="staff-inbox">
      <h1>{L("inbox.title")}</h1>
      <LiveUpdates lang={lang} />
      {done === "view-saved" ? <p role="status">{L("inbox.views.saved")}</p> : null}
      {done === "view-deleted" ? <p role="status">{L("inbox.views.deleted")}</p> : null}
      {actionData && "error" in actionData ? (
        <p role="alert" className="error">
          {actionData.error}
        </p>
      ) : null}

      <Form method="get" action="/staff/inbox" className="inbox-filters" aria-label={L("inbox.filters")}>
        <input type="hidden" name="lang" value={lang} />
        <TextField label={L("inbox.search")} gap={false} type="search" name="q" defaultValue={query.q ?? ""} />
        {searchTooShort ? <p role="status">{L("inbox.searchTooShort")}</p> : null}
        <SelectField label={L("inbox.queue")} {...filter("queue")} choices={["", ...QUEUES].map((q) => ({ value: q, label: L(`inbox.queues.${q}`) }))} />
        <SelectField
          label={L("inbox.status")}
          {...filter("status")}
          none={L("inbox.any")}
          choices={REQUEST_STATUSES.map((s) => ({ value: s, label: L(`status.${s}`) }))}
        />
        <SelectField
          label={L("inbox.category")}
          {...filter("category")}
          none={L("inbox.any")}
          choices={options.categories.map((c) => ({ value: c.code, label: `${c.parentId ? "— " : ""}${name(lang, c)}` }))}
        />
        <SelectField label={L("inbox.department")} {...filter("department")} none={L("inbox.any")} choices={options.departments.map(byName)} />
        <SelectField label={L("inbox.district")} {...filter("district")} none={L("inbox.any")} choices={options.districts.map(byName)} />
        <SelectField
          label={L("inbox.channel")}
          {...filter("channel")}
          none={L("inbox.any")}
          choices={CHANNELS.map((c) => ({ value: c, label: L(`channel.${c}`) }))}
        />
        <CheckboxField name="overdue" value="1" defaultChecked={query.overdue} label={L("inbox.overdue")} />
        <CheckboxField name="dueSoon" value="1" defaultChecked={query.dueSoon} label={L("inbox.dueSoon")} />
        <CheckboxField name="beneficiary" value="1" defaultChecked={query.beneficiary} label={L("inbox.beneficiary")} />
        <SelectField
          label={L("inbox.sort")}
          gap={false}
          name="sort"
          defaultValue={query.sort}
          choices={SORTS.map((s) => ({ value: s, label: L(`inbox.sorts.${s}`) }))}
        />
        <button type="submit">{L("inbox.apply")}</button>
        <a href={`/staff/inbox?lang=${lang}`}>{L("inbox.reset")}</a>
        <a href={`/staff/export?${qs}`} download>
          {L("inbox.export")}
        </a>
      </Form>

      <DataTable
        className="inbox-table"
        columns={["number", "received", "category", "district", "department", "status", "due", "beneficiary", "channel"].map((c) => L(`inbox.col.${c}`))}
        rows={rows}
        empty={L("inbox.empty")}
        row={(r) => (
          <tr key={r.id} data-testid="inbox-row" className={r.isOverdue ? "overdue" : undefined}>
            <td>
              <a href={`/staff/requests/${r.id}?lang=${lang}`}>{r.number}</a>
              {r.isAppeal ? <small> ({L("inbox.appealMark")})</small> : null}
            </td>
            <td>{kyivTime(r.receivedAt)}</td>
            <td>{name(lang, r.category)}</td>
            <td>{name(lang, r.district)}</td>
            <td>{name(lang, r.department)}</td>
            <td data-testid="inbox-status">{L(`status.${r.status}`)}</td>
            <td>
              {r.dueAt ? kyivTime(r.dueAt) : L("inbox.noDue")}
              {r.isOverdue ? <strong className="overdue-mark"> {L("inbox.overdueMark")}</strong> : null}
            </td>
            <td>{r.isBeneficiary ? <span title={L("inbox.beneficiaryMark")}>★ {L("inbox.beneficiaryMark")}</span> : ""}</td>
            <td>{L(`channel.${r.channel}`)}</td>
          </tr>
        )}
      />
      <p className="pager">
        {page > 1 ? (
          <a href={`/staff/inbox?${inboxQueryString(query, { page: page - 1 })}`} rel="prev">
            {L("inbox.prev")}
          </a>
        ) : null}{" "}
        <span>{L("inbox.page", { page })}</span>{" "}
        {hasNext ? (
          <a href={`/staff/inbox?${inboxQueryString(query, { page: page + 1 })}`} rel="next">
            {L("inbox.next")}
          </a>
        ) : null}
      </p>

      <section aria-labelledby="saved-views">
        <h2 id="saved-views">{L("inbox.views.title")}</h2>
        {savedViews.length === 0 ? (
          <p>{L("inbox.views.none")}</p>
        ) : (
          <ul>
            {savedViews.map((v) => (
              <li key={v.id}>
                <a href={`/staff/inbox?${v.query}`}>{v.name}</a>{" "}
                <PostForm style={{ display: "inline" }} fields={{ intent: "delete-view", viewId: v.id }}>
                  <button type="submit" aria-label={`${L("inbox.views.delete")}: ${v.name}`}>
                    {L("inbox.views.delete")}
                  </button>
                </PostForm>
              </li>
            ))}
          </ul>
        )}
        <PostForm fields={{ intent: "save-view", query: qs }}>
          <TextField label={L("inbox.views.name")} name="name" required maxLength={80} />
          <button type="submit">{L("inbox.views.save")}</button>
        </PostForm>
      </section>
    </section>
  );
}
