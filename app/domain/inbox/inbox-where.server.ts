import type { Prisma } from "#app/generated/prisma/client.ts";
import type { RequestStatus } from "#app/generated/prisma/enums.ts";
import { endOfKyivDay, instantFromKyivWallClock } from "#app/domain/calendar/kyiv-time.ts";
import { OPEN_STATUSES } from "#app/domain/requests/status-machine.ts";
import { recordAudit } from "#app/domain/audit/record-audit.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { normalizePhone } from "#app/utils/phone.ts";
import type { InboxFilters, InboxQuery } from "./inbox-filters.ts";
import { searchTokensOf } from "./search-words.ts";
import { visibleRequestsWhere, type StaffActor } from "#app/domain/requests/request-access.server.ts";

const NUMBER_LIKE = /^[A-Za-z]{2,5}-\d{4}(-\d{0,6})?$/;
const FULL_NUMBER = /^[A-Za-z]{2,5}-\d{4}-\d{6}$/;
/** Digits only, 1–6 of them: the tail of a number («309», «000309» → SLV-<year>-000309). */
const NUMBER_TAIL = /^\d{1,6}$/;
/** A phone as people type it: digits and separators, at least 7 digits (the local part). */
const PHONE_LIKE = /^\+?[\d\s\-().]+$/;
const PHONE_MIN_DIGITS = 7;
/** What a name can be made of; shorter than 3 letters it is not worth looking up. */
const NAME_LIKE = /^[\p{L}'’ʼ\-. ]{3,}$/u;
/** A name matches at most this many citizens; a broader one is not a useful search. */
const NAME_LIMIT = 200;
export const SEARCH_MIN_LENGTH = 2;

/**
 * What the search box did, for the page ("too short") and for the audit. `masked` is the
 * query as the audit may keep it when it was personal data: a phone's last two digits, a
 * name's first and last letters.
 */
export type InboxSearch = {
  kind: "number" | "phone" | "text" | "tooShort";
  /** text: whole words by stem, or (when no whole word matched) parts of words. */
  mode?: "words" | "substring";
  /** How many citizens' names matched (text), or null when the query was not a name. */
  names?: number | null;
  masked?: string;
};

const maskTail = (s: string, keep: number) => `${"•".repeat(Math.max(0, s.length - keep))}${s.slice(-keep)}`;
function maskName(name: string): string {
  const letters = [...name.trim()];
  return letters.length <= 2 ? "••" : `${letters[0]}${"•".repeat(letters.length - 2)}${letters[letters.length - 1]}`;
}

/** A category and all its descendants (the tree is small; one recursive query). */
export async function categoryWithDescendants(code: string): Promise<string[]> {
  const rows = await getDb().$queryRaw<{ id: string }[]>`
    WITH RECURSIVE tree AS (
      SELECT id FROM "Category" WHERE code = ${code}
      UNION ALL
      SELECT c.id FROM "Category" c JOIN tree ON c."parentId" = tree.id
    ) SELECT id::text AS id FROM tree`;
  return rows.map((r) => r.id);
}

/**
 * The inbox filters as a Prisma filter. Each one maps to an indexed column (status+dueAt,
 * department+status+dueAt, routed+createdAt, category+status, the search's word index and
 * trigram indexes, the unique number, the citizen's phone and name), so the first page
 * stays fast on a million rows. Searching by a citizen's phone or name is audited here
 * (for the page and for the CSV export alike), with the query masked.
 */
export async function buildInboxWhere(options: {
  actor: StaffActor;
  filters: InboxFilters;
  now: Date;
}): Promise<{ where: Prisma.RequestWhereInput; search: InboxSearch | null }> {
  const { actor, filters: f, now } = options;
  const and: Prisma.RequestWhereInput[] = [visibleRequestsWhere(actor)];
  const open = { in: [...OPEN_STATUSES] as RequestStatus[] };
  // An officer's requests are their department's (assigning checks it, re-routing clears the
  // assignee): saying so lets the department's deadline index find them (no assignee index).
  if (f.queue === "mine") and.push({ assigneeId: actor.id, status: open, ...(actor.departmentId ? { departmentId: actor.departmentId } : {}) });
  if (f.queue === "new") and.push({ status: "NEW" });
  if (f.queue === "triage") and.push({ routed: true, departmentId: null, status: { in: ["NEW", "RETURNED"] } });
  if (f.queue === "awaiting") and.push({ status: "WAITING_CITIZEN" });
  if (f.queue === "reopened") and.push({ status: open, events: { some: { type: "reopened" } } });
  if (f.status) and.push({ status: f.status });
  if (f.category) {
    const ids = await categoryWithDescendants(f.category);
    and.push({ categoryId: { in: ids.length ? ids : ["00000000-0000-0000-0000-000000000000"] } });
  }
  if (f.department) and.push({ departmentId: f.department });
  if (f.district) and.push({ districtId: f.district });
  if (f.channel) and.push({ channel: f.channel });
  if (f.beneficiary) and.push({ isBeneficiary: true });
  if (f.open) and.push({ status: open });
  if (f.assignee) and.push({ assigneeId: f.assignee });
  if (f.receivedFrom || f.receivedTo) and.push({ receivedAt: kyivDays(f.receivedFrom, f.receivedTo) });
  if (f.resolvedFrom || f.resolvedTo) and.push({ resolvedAt: kyivDays(f.resolvedFrom, f.resolvedTo) });
  if (f.overdue) and.push({ status: open, dueAt: { lt: now } });
  if (f.dueSoon) and.push({ status: open, dueAt: { gte: now, lte: new Date(now.getTime() + 24 * 3_600_000) } });
  const q = f.q?.trim();
  const search = q ? await searchWhere({ actor, q, and }) : null;
  return { where: { AND: and }, search };
}

/** Kyiv calendar days from–to, inclusive, as an instant range. */
function kyivDays(from: string | undefined, to: string | undefined): Prisma.DateTimeFilter {
  return {
    ...(from ? { gte: instantFromKyivWallClock({ date: from }) } : {}),
    ...(to ? { lte: endOfKyivDay(to) } : {}),
  };
}

/** Adds the search box's condition to `and` (which holds the other filters). */
async function searchWhere(options: { actor: StaffActor; q: string; and: Prisma.RequestWhereInput[] }): Promise<InboxSearch> {
  const { actor, q, and } = options;
  const db = getDb();
  if (FULL_NUMBER.test(q)) {
    and.push({ number: q.toUpperCase() });
    return { kind: "number" };
  }
  if (NUMBER_LIKE.test(q)) {
    and.push({ number: { startsWith: q.toUpperCase() } });
    return { kind: "number" };
  }
  if (NUMBER_TAIL.test(q)) {
    // One number per year that has numbers: an IN list over the unique index, not a scan.
    const years = await db.requestNumberCounter.findMany({ select: { year: true } });
    const tail = q.padStart(6, "0");
    and.push({ number: { in: years.map((y) => `SLV-${y.year}-${tail}`) } });
    return { kind: "number" };
  }
  const digits = q.replace(/\D/g, "");
  if (PHONE_LIKE.test(q) && digits.length >= PHONE_MIN_DIGITS) {
    // A whole number in any local or international form is one E.164 number (the indexed
    // column); a shorter tail of digits matches the end of the stored number.
    const e164 = digits.length >= 9 ? normalizePhone(q) : null;
    and.push({ citizen: { phone: e164 ?? { endsWith: digits } } });
    const masked = maskTail(digits, 2);
    await recordAudit({ actorId: actor.id, action: "requests.searched", entityType: "Request", data: { kind: "phone", query: masked } });
    return { kind: "phone", masked };
  }
  // Punctuation and single letters alone («т», «д.», «—») say nothing to search for.
  const tokens = searchTokensOf(q);
  if ([...q].length < SEARCH_MIN_LENGTH || tokens.length === 0) {
    and.push({ id: { in: [] } });
    return { kind: "tooShort" };
  }

  // A name: the citizens whose name contains it (trigram index on Citizen.fullName).
  // Every word the index knows is matched as a word (its GIN index); a word no request
  // has («вченк», a typo) as a part of the description or address (trigram indexes). A
  // query of known words never reaches a trigram scan, whatever the other filters, so
  // patterns made of common trigrams («буд. 17,») stay on the word index.
  const [citizens, byText] = await Promise.all([
    NAME_LIKE.test(q) ? db.citizen.findMany({ where: { fullName: { contains: q, mode: "insensitive" } }, select: { id: true }, take: NAME_LIMIT }) : null,
    textWhere(tokens),
  ]);
  const names = citizens ? citizens.length : null;
  const byName: Prisma.RequestWhereInput | null = citizens?.length ? { citizenId: { in: citizens.map((c) => c.id) } } : null;
  const mode = byText.mode;
  const either = [byText.where, byName].filter((w): w is Prisma.RequestWhereInput => w !== null);
  and.push(either.length ? { OR: either } : { id: { in: [] } });

  const masked = names ? maskName(q) : undefined;
  if (names) {
    await recordAudit({ actorId: actor.id, action: "requests.searched", entityType: "Request", data: { kind: "name", query: masked, citizens: names } });
  }
  return { kind: "text", mode, names, masked };
}

/** Shorter than this, a part of a word has no trigram to look it up by. */
const PART_MIN_LENGTH = 3;

/**
 * The text condition of a query: its known words as words, the rest as parts of words.
 * null: nothing can match (the known words never occur together, or a part of a word is
 * too short for the trigram index).
 */
async function textWhere(tokens: { text: string; word: string }[]): Promise<{ where: Prisma.RequestWhereInput | null; mode: "words" | "substring" }> {
  const known = await knownWords(tokens.map((t) => t.word));
  const words = tokens.filter((t) => known.has(t.word)).map((t) => t.word);
  const parts = tokens.filter((t) => !known.has(t.word)).map((t) => t.text);
  const mode = parts.length ? "substring" : "words";
  if (parts.some((p) => [...p].length < PART_MIN_LENGTH)) return { where: null, mode };
  const byWords = words.length ? await wordsWhere(words) : {};
  if (!byWords) return { where: null, mode };
  const byParts: Prisma.RequestWhereInput[] = parts.map((p) => ({
    OR: [{ description: { contains: p, mode: "insensitive" } }, { address: { contains: p, mode: "insensitive" } }],
  }));
  return { where: { AND: [byWords, ...byParts] }, mode };
}

/**
 * Which of these words at least one request has: the ones ANALYZE counts as common, and
 * the others found through the GIN index alone (a materialised CTE is planned on its own,
 * so it cannot turn into a scan of the table looking for a first match).
 */
async function knownWords(words: string[]): Promise<Set<string>> {
  const stats = await commonWords();
  const known = new Set(words.filter((w) => stats.freq.has(w)));
  const rest = words.filter((w) => !known.has(w));
  const found = await Promise.all(
    rest.map(
      (w) => getDb().$queryRaw<{ one: number }[]>`
        WITH m AS MATERIALIZED (SELECT 1 AS one FROM "Request" WHERE "searchWords" @> ARRAY[${w}]::text[])
        SELECT one FROM m LIMIT 1`,
    ),
  );
  rest.forEach((w, i) => {
    if (found[i]!.length > 0) known.add(w);
  });
  return known;
}

/** Up to this many matches, the search's words become the list of their requests' ids. */
const RARE_LIMIT = 2000;
const STATS_TTL_MS = 10 * 60_000;
let wordStats: { at: number; freq: Map<string, number>; rows: number } | null = null;

/** How often each common word occurs (ANALYZE's element statistics), cached for minutes. */
async function commonWords() {
  if (wordStats && Date.now() - wordStats.at < STATS_TTL_MS) return wordStats;
  const [row] = await getDb().$queryRaw<{ elems: string[] | null; freqs: number[] | null; rows: number }[]>`
    SELECT s.most_common_elems::text::text[] AS elems, s.most_common_elem_freqs::float8[] AS freqs, c.reltuples::float8 AS rows
    FROM pg_class c
    LEFT JOIN pg_stats s ON s.schemaname = current_schema() AND s.tablename = c.relname AND s.attname = 'searchWords'
    WHERE c.relname = 'Request' AND c.relnamespace = current_schema()::regnamespace`;
  const freq = new Map<string, number>();
  (row?.elems ?? []).forEach((w, i) => freq.set(w, row!.freqs![i]!));
  wordStats = { at: Date.now(), freq, rows: Math.max(0, row?.rows ?? 0) };
  return wordStats;
}

/** The first requests by deadline (the inbox's own order, whose pages stay in memory), to see whether words occur together at all. */
const SAMPLE_ROWS = 5000;
/** Found together at least this often in it (0.2 %), words are dense enough to walk the page's order for a page of them. */
const SAMPLE_DENSE = 10;

/**
 * The requests that have all these words, as a filter the planner cannot get wrong.
 *
 * For words the statistics call common it is the GIN condition itself: walking the deadline
 * index finds a page of them at once. The statistics count each word alone, though, and the
 * planner takes words as independent: «ліфт» and «дах» are each in a twelfth of the
 * requests, so it expects thousands with both and walks the deadline order looking for
 * them, through the whole table when they never occur together (3–4 s on a million). So
 * several words are first counted together among the first 5,000 requests by deadline (what
 * the walk would read first; a few milliseconds); only when they are dense there does the
 * walk go ahead.
 *
 * Otherwise — rare or unknown words, for which the planner would guess "a few thousand
 * rows" and walk the whole deadline index (1.6 s on a million for a word nobody used), and
 * common words that are not together — their ids are fetched through the GIN index alone
 * (a materialised CTE is planned without the LIMIT), and the filter is that id list; more
 * than 2,000 of them, and the walk finds a page of them soon enough. null: no request has them.
 */
async function wordsWhere(words: string[]): Promise<Prisma.RequestWhereInput | null> {
  const stats = await commonWords();
  const expected = words.reduce((n, w) => n * (stats.freq.get(w) ?? 0), stats.rows);
  const byWords = { searchWords: { hasEvery: words } };
  if (expected >= RARE_LIMIT) {
    if (words.length === 1) return byWords;
    const [sample] = await getDb().$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM (SELECT "searchWords" FROM "Request" ORDER BY "dueAt" LIMIT ${SAMPLE_ROWS}) s WHERE "searchWords" @> ${words}::text[]`;
    if ((sample?.n ?? 0) >= SAMPLE_DENSE) return byWords;
  }
  const rows = await getDb().$queryRaw<{ id: string }[]>`
    WITH m AS MATERIALIZED (SELECT id FROM "Request" WHERE "searchWords" @> ${words}::text[])
    SELECT id::text AS id FROM m LIMIT ${RARE_LIMIT}`;
  if (!rows.length) return null;
  return rows.length < RARE_LIMIT ? { id: { in: rows.map((r) => r.id) } } : byWords;
}

export function inboxOrderBy(sort: InboxQuery["sort"]): Prisma.RequestOrderByWithRelationInput[] {
  if (sort === "created") return [{ createdAt: "desc" }, { id: "desc" }];
  if (sort === "number") return [{ number: "desc" }];
  return [{ dueAt: { sort: "asc", nulls: "last" } }, { id: "asc" }];
}

/** A row's own columns, as the inbox page and the export both show them. */
export const inboxRowColumns = {
  id: true,
  number: true,
  receivedAt: true,
  status: true,
  dueAt: true,
  isBeneficiary: true,
  isAppeal: true,
  channel: true,
  description: true,
} as const satisfies Prisma.RequestSelect;

export const inboxRowSelect = {
  ...inboxRowColumns,
  category: { select: { code: true, nameUk: true, nameEn: true } },
  district: { select: { nameUk: true, nameEn: true } },
  department: { select: { nameUk: true, nameEn: true } },
} as const satisfies Prisma.RequestSelect;
