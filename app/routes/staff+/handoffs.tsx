// /staff/handoffs — hand-offs whose provider status cannot be checked (docs/handoff.md).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { kyivTime } from "#app/components/console/format.ts";
import { DataTable } from "#app/components/data-table.tsx";
import { listFailingHandoffs } from "#app/domain/handoff/list-failing-handoffs.server.ts";
import { requireStaffUser } from "#app/utils/auth.server.ts";
import { t } from "#app/utils/i18n.ts";
import { loadPageTexts, type PageHandle } from "#app/utils/i18n-page.tsx";
import { getRequestLang } from "#app/utils/lang.server.ts";

export const handle: PageHandle = { i18n: ["console", "handoff", "staff"] };
export const clientLoader = loadPageTexts(handle);

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: t(data?.lang ?? "uk", "handoff:failing.title") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaffUser(request);
  return { lang: getRequestLang(request), handoffs: await listFailingHandoffs({ actor: user }) };
}

export default function FailingHandoffs() {
  const { lang, handoffs } = useLoaderData<typeof loader>();
  const L = (key: string) => t(lang, `handoff:${key}`);
  return (
    <section>
      <h1>{L("failing.title")}</h1>
      <p className="muted">{L("failing.lead")}</p>
      <DataTable
        testId="failing-handoffs"
        columns={[
          "failing.request",
          "staff.provider",
          "track.status",
          "staff.orderId",
          "staff.failures",
          "staff.lastError",
          "staff.lastChecked",
          "staff.nextCheck",
        ].map(L)}
        rows={handoffs}
        empty={L("failing.empty")}
        row={(h) => (
          <tr key={h.id} data-status={h.status}>
            <td>
              <a href={`/staff/requests/${h.request.id}?lang=${lang}`}>{h.request.number}</a>
            </td>
            <td>{L(`provider.${h.provider}`)}</td>
            <td>{L(`status.${h.status}`)}</td>
            <td>{h.orderId ?? "—"}</td>
            <td>{h.failures}</td>
            <td>{h.lastError ?? "—"}</td>
            <td>{kyivTime(h.lastCheckedAt)}</td>
            <td>{kyivTime(h.nextCheckAt)}</td>
          </tr>
        )}
      />
    </section>
  );
}
