import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { CsrfInput } from "#app/components/csrf-input.tsx";
import { kyivTime } from "#app/components/console/format.ts";
import { LiveUpdates } from "#app/components/console/live-updates.tsx";
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
  const { lang, query, rows, hasNext, page, savedViews, options, done } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const qs = inboxQueryString(query);
  const L = (key: string, p?: Record<string, string | number>) => t(lang, `console:${key}`, p);
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
        <label>
          {L("inbox.search")}
          <input type="search" name="q" defaultValue={query.q ?? ""} />
        </label>
        <label>
          {L("inbox.queue")}
          <select name="queue" defaultValue={query.queue ?? ""}>
            {["", ...QUEUES].map((q) => (
              <option key={q} value={q}>
                {L(`inbox.queues.${q}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {L("inbox.status")}
          <select name="status" defaultValue={query.status ?? ""}>
            <option value="">{L("inbox.any")}</option>
            {REQUEST_STATUSES.map((s) => (
              <option key={s} value={s}>
                {L(`status.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {L("inbox.category")}
          <select name="category" defaultValue={query.category ?? ""}>
            <option value="">{L("inbox.any")}</option>
            {options.categories.map((c) => (
              <option key={c.code} value={c.code}>
                {c.parentId ? "— " : ""}
                {name(lang, c)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {L("inbox.department")}
          <select name="department" defaultValue={query.department ?? ""}>
            <option value="">{L("inbox.any")}</option>
            {options.departments.map((d) => (
              <option key={d.id} value={d.id}>
                {name(lang, d)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {L("inbox.district")}
          <select name="district" defaultValue={query.district ?? ""}>
            <option value="">{L("inbox.any")}</option>
            {options.districts.map((d) => (
              <option key={d.id} value={d.id}>
                {name(lang, d)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {L("inbox.channel")}
          <select name="channel" defaultValue={query.channel ?? ""}>
            <option value="">{L("inbox.any")}</option>
            {CHANNELS.map((c) => (
              <option key={c} value={c}>
                {L(`channel.${c}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <input type="checkbox" name="overdue" value="1" defaultChecked={query.overdue} /> {L("inbox.overdue")}
        </label>
        <label>
          <input type="checkbox" name="dueSoon" value="1" defaultChecked={query.dueSoon} /> {L("inbox.dueSoon")}
        </label>
        <label>
          <input type="checkbox" name="beneficiary" value="1" defaultChecked={query.beneficiary} /> {L("inbox.beneficiary")}
        </label>
        <label>
          {L("inbox.sort")}
          <select name="sort" defaultValue={query.sort}>
            {SORTS.map((s) => (
              <option key={s} value={s}>
                {L(`inbox.sorts.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{L("inbox.apply")}</button>
        <a href={`/staff/inbox?lang=${lang}`}>{L("inbox.reset")}</a>
        <a href={`/staff/export?${qs}`} download>
          {L("inbox.export")}
        </a>
      </Form>

      {rows.length === 0 ? (
        <p>{L("inbox.empty")}</p>
      ) : (
        <table className="inbox-table">
          <thead>
            <tr>
              {["number", "received", "category", "district", "department", "status", "due", "beneficiary", "channel"].map((c) => (
                <th key={c} scope="col">
                  {L(`inbox.col.${c}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
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
            ))}
          </tbody>
        </table>
      )}
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
                <Form method="post" style={{ display: "inline" }}>
                  <CsrfInput />
                  <input type="hidden" name="intent" value="delete-view" />
                  <input type="hidden" name="viewId" value={v.id} />
                  <button type="submit" aria-label={`${L("inbox.views.delete")}: ${v.name}`}>
                    {L("inbox.views.delete")}
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        )}
        <Form method="post">
          <CsrfInput />
          <input type="hidden" name="intent" value="save-view" />
          <input type="hidden" name="query" value={qs} />
          <label>
            {L("inbox.views.name")} <input name="name" required maxLength={80} />
          </label>
          <button type="submit">{L("inbox.views.save")}</button>
        </Form>
      </section>
    </section>
  );
}
