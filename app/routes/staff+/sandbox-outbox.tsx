import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { DataTable } from "#app/components/data-table.tsx";
import { formatKyivTime } from "#app/domain/calendar/kyiv-time.ts";
import { listSandboxMessages } from "#app/domain/notifications/list-sandbox-messages.server.ts";
import { requireStaffUser } from "#app/utils/auth.server.ts";
import { t } from "#app/utils/i18n.ts";
import { loadPageTexts, type PageHandle } from "#app/utils/i18n-page.tsx";
import { getRequestLang } from "#app/utils/lang.server.ts";
import { readSearchParams } from "#app/utils/request-input.server.ts";

export const handle: PageHandle = { i18n: ["console", "notifications", "staff"] };
export const clientLoader = loadPageTexts(handle);

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: t(data?.lang ?? "uk", "notifications:outbox.title") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaffUser(request);
  const lang = getRequestLang(request);
  const before = readSearchParams(request).get("before") ?? undefined;
  const { messages, nextBefore } = await listSandboxMessages({ limit: 50, before, actor: user });
  return {
    lang,
    nextBefore,
    isFirstPage: !before,
    // Formatted here, so server and browser render the same Kyiv time.
    messages: messages.map((m) => ({ ...m, createdAt: m.createdAt.toISOString(), time: formatKyivTime(m.createdAt, "dateTimeSeconds") })),
  };
}

export default function SandboxOutbox() {
  const { lang, messages, nextBefore, isFirstPage } = useLoaderData<typeof loader>();
  return (
    <section>
      <h1>{t(lang, "notifications:outbox.title")}</h1>
      <p className="muted">{t(lang, "notifications:outbox.lead")}</p>
      <DataTable
        columns={(["time", "channel", "address", "request", "text", "status"] as const).map((c) => t(lang, `notifications:outbox.${c}`))}
        rows={messages}
        empty={t(lang, "notifications:outbox.empty")}
        row={(m) => (
          <tr key={m.id}>
            <td>
              <time dateTime={m.createdAt}>{m.time}</time>
            </td>
            <td>{t(lang, `notifications:outbox.channels.${m.channel}`)}</td>
            <td>{m.maskedAddress ?? "—"}</td>
            <td>{m.requestNumber ?? "—"}</td>
            <td style={{ whiteSpace: "pre-wrap" }}>{m.text}</td>
            <td>{t(lang, `notifications:outbox.delivery.${m.status}`)}</td>
          </tr>
        )}
      />
      <p>
        {isFirstPage ? null : <a href={`/staff/sandbox-outbox?lang=${lang}`}>{t(lang, "notifications:outbox.newest")}</a>}{" "}
        {nextBefore ? (
          <a href={`/staff/sandbox-outbox?lang=${lang}&before=${encodeURIComponent(nextBefore)}`}>{t(lang, "notifications:outbox.older")}</a>
        ) : null}
      </p>
    </section>
  );
}
