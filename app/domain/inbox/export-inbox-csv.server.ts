import { recordAudit } from "#app/domain/audit/record-audit.server.ts";
import { formatKyivTime } from "#app/domain/calendar/kyiv-time.ts";
import { getDb } from "#app/utils/db.server.ts";
import { t, type Lang } from "#app/utils/i18n.server.ts";
import type { InboxFilters, InboxQuery } from "./inbox-filters.ts";
import { buildInboxWhere, inboxOrderBy, inboxRowSelect } from "./inbox-where.server.ts";
import type { StaffActor } from "#app/domain/requests/request-access.server.ts";

export const EXPORT_LIMIT = 20_000;

function cell(v: string | number | boolean | null | undefined) {
  const s = v === null || v === undefined ? "" : String(v);
  // Quote always; neutralise spreadsheet formulas (=, +, -, @) in free text.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return `"${safe.replace(/"/g, '""')}"`;
}

/**
 * Any inbox list as CSV (UTF-8 with BOM, so Excel reads Cyrillic), within the member's
 * visibility, at most EXPORT_LIMIT rows. An export of request data: audited.
 */
export async function exportInboxCsv(options: {
  actor: StaffActor;
  filters: InboxFilters;
  sort?: InboxQuery["sort"];
  lang?: Lang;
  now?: Date;
  ip?: string | null;
}) {
  const lang = options.lang ?? "uk";
  const now = options.now ?? new Date();
  const { where, search } = await buildInboxWhere({ actor: options.actor, filters: options.filters, now });
  const rows = await getDb().request.findMany({ where, orderBy: inboxOrderBy(options.sort ?? "deadline"), take: EXPORT_LIMIT, select: inboxRowSelect });
  const name = (o: { nameUk: string; nameEn: string } | null) => (o ? (lang === "en" ? o.nameEn : o.nameUk) : "");
  const header = ["number", "received", "category", "district", "department", "status", "dueAt", "beneficiary", "appeal", "channel", "description"].map((k) =>
    cell(t(lang, `console:csv.${k}`)),
  );
  const lines = [header.join(",")];
  for (const r of rows) {
    lines.push(
      [
        r.number,
        formatKyivTime(r.receivedAt, "dateTime"),
        name(r.category),
        name(r.district),
        name(r.department),
        t(lang, `console:status.${r.status}`),
        formatKyivTime(r.dueAt, "dateTime"),
        r.isBeneficiary ? t(lang, "console:yes") : "",
        r.isAppeal ? t(lang, "console:yes") : "",
        t(lang, `console:channel.${r.channel}`),
        r.description,
      ]
        .map(cell)
        .join(","),
    );
  }
  await recordAudit({
    actorId: options.actor.id,
    action: "requests.exported",
    entityType: "Request",
    // A phone or a name searched for stays out of the audit in clear (as in the search's own row).
    data: { filters: search?.masked ? { ...options.filters, q: search.masked } : options.filters, rows: rows.length },
    ip: options.ip ?? null,
  });
  return { csv: `\uFEFF${lines.join("\r\n")}\r\n`, rows: rows.length, filename: `requests-${now.toISOString().slice(0, 10)}.csv` };
}
