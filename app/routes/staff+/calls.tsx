import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { z } from "zod";
import { TextField } from "#app/components/console/labelled-field.tsx";
import { DataTable } from "#app/components/data-table.tsx";
import { PostForm } from "#app/components/post-form.tsx";
import { formatKyivTime } from "#app/domain/calendar/kyiv-time.ts";
import { completeCallbackTask } from "#app/domain/calls/complete-callback-task.server.ts";
import { listCallBoard } from "#app/domain/calls/list-call-board.server.ts";
import { requireStaffUser } from "#app/utils/auth.server.ts";
import { getClientAddress } from "#app/utils/client-address.server.ts";
import { requireCsrf } from "#app/utils/csrf.server.ts";
import { t } from "#app/utils/i18n.ts";
import { loadPageTexts, type PageHandle } from "#app/utils/i18n-page.tsx";
import { getRequestLang } from "#app/utils/lang.server.ts";
import { parseForm } from "#app/utils/form.server.ts";
import { readForm } from "#app/utils/request-input.server.ts";
import { throwAsResponse } from "#app/utils/user-error.server.ts";

export const handle: PageHandle = { i18n: ["console", "phone", "staff"] };
export const clientLoader = loadPageTexts(handle);

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: t(data?.lang ?? "uk", "phone:calls.title") }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireStaffUser(request);
  // Full numbers (audited) or masked ones, by role: decided in listCallBoard.
  const board = await listCallBoard({ actor: user, ip: getClientAddress(request, context) });
  return {
    lang: getRequestLang(request),
    fullNumbers: board.fullNumbers,
    waiting: board.waiting.map((w) => ({ id: w.id, phone: w.phone, since: formatKyivTime(w.queuedAt, "dayMonthTime"), path: w.menuPath.join(" → ") })),
    callbacks: board.callbacks.map((c) => ({ ...c, createdAt: formatKyivTime(c.createdAt, "dayMonthTime") })),
  };
}

// The task id is checked by the use case, after who may complete a task at all.
const CallbackFormSchema = z.object({ taskId: z.string().default(""), note: z.string().optional() });

export async function action({ request }: ActionFunctionArgs) {
  const staff = await requireStaffUser(request);
  const form = await readForm(request);
  requireCsrf(request, form);
  try {
    const input = parseForm(form, CallbackFormSchema);
    await completeCallbackTask({ taskId: input.taskId, actor: staff, note: input.note });
  } catch (e) {
    throwAsResponse(e, getRequestLang(request));
  }
  return { ok: true };
}

export default function Calls() {
  const { lang, fullNumbers, waiting, callbacks } = useLoaderData<typeof loader>();
  const revalidator = useRevalidator();
  // A live list: refresh every 10 s while the page is open.
  useEffect(() => {
    const id = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), 10_000);
    return () => clearInterval(id);
  }, [revalidator]);
  return (
    <section>
      <h1>{t(lang, "phone:calls.title")}</h1>
      <h2>{t(lang, "phone:calls.waiting")}</h2>
      <DataTable
        columns={[t(lang, "phone:calls.caller"), t(lang, "phone:calls.since"), t(lang, "phone:calls.position")]}
        rows={waiting}
        empty={t(lang, "phone:calls.noneWaiting")}
        row={(w) => (
          <tr key={w.id}>
            <td>{w.phone}</td>
            <td>{w.since}</td>
            <td>{w.path}</td>
          </tr>
        )}
      />
      <h2>{t(lang, "phone:calls.callbacks")}</h2>
      <DataTable
        columns={[t(lang, "phone:calls.caller"), t(lang, "phone:calls.reason"), t(lang, "phone:calls.created"), t(lang, "phone:calls.earlier"), null]}
        rows={callbacks}
        empty={t(lang, "phone:calls.noCallbacks")}
        row={(c) => (
          <tr key={c.id}>
            <td>{fullNumbers ? <a href={`tel:${c.phone}`}>{c.phone}</a> : c.phone}</td>
            <td>{t(lang, `phone:calls.reasons.${c.reason}`)}</td>
            <td>{c.createdAt}</td>
            <td>{c.earlier.map((r) => r.number).join(", ")}</td>
            <td>
              {fullNumbers ? (
                <PostForm fields={{ taskId: c.id }}>
                  <TextField label={t(lang, "phone:calls.note")} name="note" maxLength={1000} />
                  <button type="submit">{t(lang, "phone:calls.markDone")}</button>
                </PostForm>
              ) : null}
            </td>
          </tr>
        )}
      />
    </section>
  );
}
