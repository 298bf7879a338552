import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { kyivTime } from "#app/components/console/format.ts";
import { CheckboxField, SelectField, TextField } from "#app/components/console/labelled-field.tsx";
import { InboxShortcuts } from "#app/components/console/inbox-shortcuts.tsx";
import { LiveUpdates } from "#app/components/console/live-updates.tsx";
import { DataTable } from "#app/components/data-table.tsx";
import { PostForm } from "#app/components/post-form.tsx";
import { deleteInboxView } from "#app/domain/inbox/delete-inbox-view.server.ts";
import { bulkInboxAction } from "#app/domain/inbox/bulk-inbox-action.server.ts";
import { activeFilters, BULK_OPS, CHANNELS, inboxQueryString, parseInboxQuery, QUEUES, REQUEST_STATUSES, SORTS } from "#app/domain/inbox/inbox-filters.ts";
import { listInbox } from "#app/domain/inbox/list-inbox.server.ts";
import { saveInboxView } from "#app/domain/inbox/save-inbox-view.server.ts";
import { isCentreRole } from "#app/domain/requests/request-access.server.ts";
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
    // "Select all on this page" without JavaScript: the page again with every row ticked.
    selectAll: search.get("select") === "page",
    isDepartment: !isCentreRole(user),
    ...result,
    rows: result.rows.map((r) => ({ ...r, receivedAt: r.receivedAt.toISOString(), dueAt: r.dueAt?.toISOString() ?? null })),
  };
}

const ActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("save-view"), name: z.string().default(""), query: z.string().max(2000).default("") }),
  z.object({ intent: z.literal("delete-view"), viewId: z.string() }),
  z.object({
    intent: z.literal("bulk"),
    op: z.enum(BULK_OPS).default("assign"),
    ids: z.array(z.string().max(40)).max(200).default([]),
    assigneeId: z.string().max(100).default(""),
    departmentId: z.string().max(100).default(""),
    reason: z.string().max(2000).default(""),
  }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireStaffUser(request);
  const lang = getRequestLang(request);
  const form = await readForm(request);
  requireCsrf(request, form);
  try {
    const input = parseForm(form, ActionSchema);
    if (input.intent === "bulk") {
      const outcome = await bulkInboxAction({
        actor: user,
        op: input.op,
        requestIds: input.ids,
        assigneeId: input.assigneeId,
        departmentId: input.departmentId,
        reason: input.reason,
      });
      return data({
        error: null,
        bulk: {
          op: input.op,
          done: outcome.done.map((r) => ({ id: r.id, number: r.number })),
          refused: outcome.refused.map((r) => ({ id: r.id, number: r.number, reason: toUserError(r.error, lang).message })),
        },
      });
    }
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
    return data({ error: message, bulk: null }, { status });
  }
}

function name(lang: Lang, o: { nameUk: string; nameEn: string } | null) {
  return o ? (lang === "en" ? o.nameEn : o.nameUk) : "—";
}

export default function Inbox() {
  const { lang, query, rows, hasNext, page, savedViews, options, done, searchTooShort, bulk, selectAll, isDepartment } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const qs = inboxQueryString(query);
  const L = (key: string, p?: Record<string, string | number>) => t(lang, `console:${key}`, p);
  // A filter's select: named as its query parameter, showing the value in force.
  const filter = (key: "queue" | "status" | "category" | "department" | "district" | "channel") => ({ gap: false, name: key, defaultValue: query[key] ?? "" });
  const byName = (o: { id: string; nameUk: string; nameEn: string }) => ({ value: o.id, label: name(lang, o) });
  const active = activeFilters(query);
  // The search box keeps the filters in force; the filter panel keeps the search.
  const keep = (except: string[]) =>
    Object.entries(Object.fromEntries(new URLSearchParams(inboxQueryString(query, { page: 1 }))))
      .filter(([k]) => !except.includes(k))
      .map(([k, v]) => <input key={k} type="hidden" name={k} value={v} />);
  const departmentName = new Map(options.departments.map((d) => [d.id, name(lang, d)]));
  const summary = actionData && "bulk" in actionData ? actionData.bulk : null;
  return (
    <section className="staff-inbox">
      <div className="inbox-head">
        <h1>{L("inbox.title")}</h1>
        <nav aria-label={L("inbox.quick")} className="inbox-quick">
          {isDepartment ? (
            <a href={`/staff/inbox?queue=mine&lang=${lang}`} aria-current={query.queue === "mine" ? "page" : undefined}>
              {L("inbox.queues.mine")}
            </a>
          ) : null}
          <a href={`/staff/inbox?overdue=1&lang=${lang}`} aria-current={query.overdue && active.length === 1 ? "page" : undefined}>
            {L("inbox.overdue")}
          </a>
          <a href={`/staff/inbox?dueSoon=1&lang=${lang}`} aria-current={query.dueSoon && active.length === 1 ? "page" : undefined}>
            {L("inbox.dueSoon")}
          </a>
        </nav>
      </div>
      <LiveUpdates lang={lang} />
      {done === "view-saved" ? <p role="status">{L("inbox.views.saved")}</p> : null}
      {done === "view-deleted" ? <p role="status">{L("inbox.views.deleted")}</p> : null}
      {actionData?.error ? (
        <p role="alert" className="error">
          {actionData.error}
        </p>
      ) : null}
      {summary ? (
        <div role="status" className="inbox-bulk-summary" data-testid="bulk-summary">
          <p>
            <strong>{L("inbox.bulk.doneCount", { count: summary.done.length })}</strong>
            {summary.done.length ? `: ${summary.done.map((r) => r.number).join(", ")}` : null}
          </p>
          {summary.refused.length ? (
            <>
              <p>
                <strong>{L("inbox.bulk.refusedCount", { count: summary.refused.length })}</strong>
              </p>
              <ul>
                {summary.refused.map((r) => (
                  <li key={r.id}>
                    {r.number}: {r.reason}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </div>
      ) : null}

      <Form method="get" action="/staff/inbox" className="inbox-search" role="search">
        <input type="hidden" name="lang" value={lang} />
        {keep(["q"])}
        <TextField label={L("inbox.search")} gap={false} type="search" name="q" defaultValue={query.q ?? ""} data-shortcut-search="" />
        <button type="submit">{L("inbox.find")}</button>
        {searchTooShort ? <p role="status">{L("inbox.searchTooShort")}</p> : null}
      </Form>

      <details className="inbox-filters" open={active.length > 0}>
        <summary>{active.length ? L("inbox.filtersActive", { count: active.length }) : L("inbox.filters")}</summary>
        <Form method="get" action="/staff/inbox" aria-label={L("inbox.filters")}>
          <input type="hidden" name="lang" value={lang} />
          {query.q ? <input type="hidden" name="q" value={query.q} /> : null}
          {keep(["q", "queue", "status", "category", "department", "district", "channel", "overdue", "dueSoon", "beneficiary", "sort"])}
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
      </details>

      <details className="inbox-bulk" open={Boolean(actionData?.error)}>
        <summary>{L("inbox.bulk.title")}</summary>
        <PostForm id="inbox-bulk" fields={{ intent: "bulk" }}>
          <p className="hint">{L("inbox.bulk.hint")}</p>
          <fieldset>
            <legend>{L("inbox.bulk.assign")}</legend>
            <SelectField
              label={L("inbox.bulk.assignee")}
              name="assigneeId"
              defaultValue=""
              none={L("inbox.bulk.choose")}
              choices={bulk.officers.map((o) => ({
                value: o.id,
                label: o.departmentId && !isDepartment ? `${o.name} (${departmentName.get(o.departmentId) ?? "—"})` : o.name,
              }))}
            />
            <button type="submit" name="op" value="assign">
              {L("inbox.bulk.assignSubmit")}
            </button>
          </fieldset>
          {bulk.canRoute ? (
            <fieldset>
              <legend>{L("inbox.bulk.route")}</legend>
              <SelectField
                label={L("inbox.bulk.department")}
                name="departmentId"
                defaultValue=""
                none={L("inbox.bulk.choose")}
                choices={bulk.routeTo.map(byName)}
              />
              <button type="submit" name="op" value="route">
                {L("inbox.bulk.routeSubmit")}
              </button>
            </fieldset>
          ) : null}
          <fieldset>
            <legend>{L("inbox.bulk.close")}</legend>
            <TextField label={L("inbox.bulk.reason")} name="reason" maxLength={2000} />
            <button type="submit" name="op" value="close">
              {L("inbox.bulk.closeSubmit")}
            </button>
          </fieldset>
        </PostForm>
      </details>

      <DataTable
        className="inbox-table"
        columns={[
          <label key="all" className="select-all">
            <input
              type="checkbox"
              defaultChecked={selectAll}
              onChange={(e) => {
                const on = e.currentTarget.checked;
                document.querySelectorAll<HTMLInputElement>('input[name="ids"][form="inbox-bulk"]').forEach((c) => (c.checked = on));
              }}
            />{" "}
            <span className="visually-hidden">{L("inbox.bulk.selectAll")}</span>
          </label>,
          ...["number", "about", "district", "department", "status", "due", "received", "channel"].map((c) => L(`inbox.col.${c}`)),
        ]}
        rows={rows}
        empty={L("inbox.empty")}
        row={(r) => (
          <tr
            key={r.id}
            data-testid="inbox-row"
            data-inbox-row=""
            className={r.sla === "overdue" ? "sla-overdue" : r.sla === "dueSoon" ? "sla-due-soon" : undefined}
          >
            <td>
              <input
                type="checkbox"
                name="ids"
                value={r.id}
                form="inbox-bulk"
                defaultChecked={selectAll}
                aria-label={L("inbox.bulk.select", { number: r.number })}
              />
            </td>
            <td>
              <a href={`/staff/requests/${r.id}?lang=${lang}`}>{r.number}</a>
              {r.isAppeal ? <small> ({L("inbox.appealMark")})</small> : null}
              {r.isBeneficiary ? <small className="beneficiary-mark"> ★ {L("inbox.beneficiaryMark")}</small> : null}
            </td>
            <td className="inbox-about">
              <span className="excerpt">{r.excerpt}</span>
              <small>{name(lang, r.category)}</small>
            </td>
            <td>{name(lang, r.district)}</td>
            <td>{name(lang, r.department)}</td>
            <td data-testid="inbox-status">{L(`status.${r.status}`)}</td>
            <td>
              {r.dueAt ? kyivTime(r.dueAt) : L("inbox.noDue")}
              {r.sla ? <strong className={`sla-label sla-label-${r.sla === "overdue" ? "overdue" : "due-soon"}`}> {L(`inbox.sla.${r.sla}`)}</strong> : null}
            </td>
            <td>{kyivTime(r.receivedAt)}</td>
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
        ) : null}{" "}
        {rows.length && !selectAll ? <a href={`/staff/inbox?${inboxQueryString(query)}${qs ? "&" : ""}select=page`}>{L("inbox.bulk.selectAll")}</a> : null}
      </p>

      <InboxShortcuts
        title={L("inbox.keys.title")}
        keys={[
          { key: "j", text: L("inbox.keys.next") },
          { key: "k", text: L("inbox.keys.prev") },
          { key: "Enter", text: L("inbox.keys.open") },
          { key: "/", text: L("inbox.keys.search") },
          { key: "?", text: L("inbox.keys.help") },
        ]}
      />

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
