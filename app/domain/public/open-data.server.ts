// The open-data set of requests: one file per Kyiv calendar day, the requests received that
// day, each with its state as of the moment the file is made. Every row is the public
// projection of a request (toPublicRequest), so a file can never hold more than the public
// pages show: no names, phones or e-mails at all, the citizen's words, address and exact
// place only where they agreed to publish them, and private requests and merged duplicates
// not at all. The columns and their meaning are listed here once; the /open-data page
// describes each of them from the translation files.
import { createHash } from "node:crypto";
import { instantFromKyivWallClock, isValidIsoDate, KYIV_TIME_ZONE, kyivDateOf, toKyivIso } from "#app/domain/calendar/kyiv-time.ts";
import { getDb } from "#app/utils/db.server.ts";
import { PUBLIC_REQUEST_WHERE, publicRequestSelect, toPublicRequest, type PublicRequest } from "./public-request.server.ts";
import { addDays } from "./public-stats.server.ts";

export type ColumnType = "string" | "number" | "boolean" | "datetime";

/** The columns of the requests dataset, in file order; CSV header and JSON keys are these names. */
export const OPEN_DATA_COLUMNS = [
  { name: "number", type: "string" },
  { name: "received_at", type: "datetime" },
  { name: "status", type: "string" },
  { name: "state", type: "string" },
  { name: "category_code", type: "string" },
  { name: "category_name", type: "string" },
  { name: "category_group_code", type: "string" },
  { name: "category_group_name", type: "string" },
  { name: "department_code", type: "string" },
  { name: "department_name", type: "string" },
  { name: "district_code", type: "string" },
  { name: "district_name", type: "string" },
  { name: "lat", type: "number" },
  { name: "lon", type: "number" },
  { name: "location_exact", type: "boolean" },
  { name: "location_cell_m", type: "number" },
  { name: "address", type: "string" },
  { name: "description", type: "string" },
  { name: "answer", type: "string" },
  { name: "expected_at", type: "datetime" },
  { name: "resolved_at", type: "datetime" },
  { name: "updated_at", type: "datetime" },
] as const satisfies readonly { name: string; type: ColumnType }[];

export type OpenDataColumn = (typeof OPEN_DATA_COLUMNS)[number]["name"];
export type OpenDataRow = Record<OpenDataColumn, string | number | boolean | null>;

/** Free-text columns: written as the citizen or the officer wrote them (see csvCell). */
const TEXT_COLUMNS = new Set<OpenDataColumn>(["address", "description", "answer"]);

const iso = (d: Date | null) => (d ? toKyivIso(d) : null);

/** One public request as a row of the dataset. */
export function toOpenDataRow(p: PublicRequest): OpenDataRow {
  return {
    number: p.number,
    received_at: iso(p.receivedAt),
    status: p.status,
    state: p.state,
    category_code: p.category?.code ?? null,
    category_name: p.category?.name ?? null,
    category_group_code: p.category?.group?.code ?? null,
    category_group_name: p.category?.group?.name ?? null,
    department_code: p.department?.code ?? null,
    department_name: p.department?.name ?? null,
    district_code: p.district?.code ?? null,
    district_name: p.district?.name ?? null,
    lat: p.location ? Math.round(p.location.lat * 1e6) / 1e6 : null,
    lon: p.location ? Math.round(p.location.lon * 1e6) / 1e6 : null,
    location_exact: p.location ? p.location.exact : null,
    location_cell_m: p.location?.cellM ?? null,
    address: p.address,
    description: p.description,
    answer: p.answer,
    expected_at: iso(p.expectedAt),
    resolved_at: iso(p.resolvedAt),
    updated_at: iso(p.updatedAt),
  };
}

/**
 * A dataset file's name read strictly: "requests-YYYY-MM-DD.csv|json" for a real day up to
 * today (Kyiv), or "requests-latest.csv|json" (the last whole day: yesterday). Null for
 * anything else: no file lives at that address.
 */
export function parseOpenDataFile(file: string, now = new Date()): { date: string; format: "csv" | "json"; latest: boolean } | null {
  const m = /^requests-(\d{4}-\d{2}-\d{2}|latest)\.(csv|json)$/.exec(file);
  if (!m) return null;
  const today = kyivDateOf(now);
  const format = m[2] as "csv" | "json";
  if (m[1] === "latest") return { date: addDays(today, -1), format, latest: true };
  const date = m[1]!;
  if (!isValidIsoDate(date) || date > today) return null;
  return { date, format, latest: false };
}

/** The public requests received on one Kyiv day, oldest first, as dataset rows (names in `lang`). */
export async function listOpenDataRows(date: string, lang: "uk" | "en"): Promise<OpenDataRow[]> {
  const since = instantFromKyivWallClock({ date });
  const until = instantFromKyivWallClock({ date: addDays(date, 1) });
  const rows = await getDb().request.findMany({
    where: { ...PUBLIC_REQUEST_WHERE, receivedAt: { gte: since, lt: until } },
    orderBy: [{ receivedAt: "asc" }, { number: "asc" }],
    select: publicRequestSelect,
  });
  return rows.map((r) => toOpenDataRow(toPublicRequest(r, lang)));
}

/**
 * A CSV field: always quoted. A free-text value beginning with =, +, -, @ or a tab gets a
 * leading apostrophe so a spreadsheet never runs it as a formula; codes, numbers and dates
 * are written as they are.
 */
function csvCell(column: OpenDataColumn, v: OpenDataRow[OpenDataColumn]) {
  const s = v === null ? "" : String(v);
  const safe = TEXT_COLUMNS.has(column) && /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return `"${safe.replace(/"/g, '""')}"`;
}

/** UTF-8 with a byte-order mark (so Excel reads Cyrillic), comma-separated, CRLF line ends, a header row of column names. */
export function toCsv(rows: OpenDataRow[]): string {
  const names = OPEN_DATA_COLUMNS.map((c) => c.name);
  const lines = [names.join(","), ...rows.map((r) => names.map((n) => csvCell(n, r[n])).join(","))];
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

export function toJson(date: string, rows: OpenDataRow[], now = new Date()): string {
  return JSON.stringify({
    dataset: "requests",
    date,
    generated_at: toKyivIso(now),
    columns: OPEN_DATA_COLUMNS.map((c) => c.name),
    count: rows.length,
    requests: rows,
  });
}

/** The file's body, media type and a strong validator of its content. */
export async function buildOpenDataFile(options: { date: string; format: "csv" | "json"; lang: "uk" | "en"; now?: Date }) {
  const rows = await listOpenDataRows(options.date, options.lang);
  const body = options.format === "csv" ? toCsv(rows) : toJson(options.date, rows, options.now);
  // The JSON carries the moment it was made; the validator is of the rows only.
  const etag = `"${createHash("sha256").update(JSON.stringify(rows)).update(options.format).update(options.lang).digest("base64url").slice(0, 27)}"`;
  return {
    body,
    etag,
    rows: rows.length,
    contentType: options.format === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
  };
}

/** Requests per day for the last `days` days (today included), newest first: the page's list of files. One pass over the period. */
export async function listOpenDataDays(days: number, now = new Date()) {
  const today = kyivDateOf(now);
  const first = addDays(today, -(days - 1));
  const rows = await getDb().$queryRaw<{ day: string; n: number }[]>`
    SELECT to_char(r."receivedAt" AT TIME ZONE ${KYIV_TIME_ZONE}::text, 'YYYY-MM-DD') AS day, count(*)::int AS n
    FROM "Request" r
    WHERE r."receivedAt" >= ${instantFromKyivWallClock({ date: first })} AND r."receivedAt" < ${instantFromKyivWallClock({ date: addDays(today, 1) })}
      AND r."isPrivate" = false AND r.status::text <> 'MERGED'
    GROUP BY 1`;
  const count = new Map(rows.map((r) => [r.day, r.n]));
  return Array.from({ length: days }, (_, i) => addDays(today, -i)).map((date) => ({ date, count: count.get(date) ?? 0 }));
}
