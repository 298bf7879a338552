import { z } from "zod";
import { isValidIsoDate } from "#app/domain/calendar/kyiv-time.ts";

// The inbox's query string: shared by the inbox page, its CSV export and saved views.
export const REQUEST_STATUSES = [
  "NEW",
  "ASSIGNED",
  "IN_PROGRESS",
  "WAITING_CITIZEN",
  "RESOLVED",
  "CLOSED",
  "RETURNED",
  "REJECTED",
  "MERGED",
  "HANDED_OFF",
] as const;
export const CHANNELS = ["WEB", "TELEGRAM", "SMS", "VOICE", "OPEN311", "EMAIL", "PHONE_OPERATOR", "IN_PERSON", "POST", "OTHER_BODY"] as const;
// "mine": the open requests assigned to the signed-in staff member (an officer's work list).
export const QUEUES = ["mine", "new", "triage", "awaiting", "reopened"] as const;
export const SORTS = ["deadline", "created", "number"] as const;
/** What can be done at once to the rows selected in the inbox. */
export const BULK_OPS = ["assign", "route", "close"] as const;

const empty = (v: unknown) => (v === "" || v === null ? undefined : v);
const flag = z.preprocess((v) => v === "1" || v === "on" || v === "true" || v === true, z.boolean());
const uuid = z.preprocess(empty, z.string().uuid().optional());
const day = z.preprocess(empty, z.string().refine(isValidIsoDate).optional());

export const InboxQuerySchema = z.object({
  queue: z.preprocess(empty, z.enum(QUEUES).optional()),
  status: z.preprocess(empty, z.enum(REQUEST_STATUSES).optional()),
  category: z.preprocess(empty, z.string().trim().max(100).optional()),
  department: uuid,
  district: uuid,
  assignee: uuid,
  channel: z.preprocess(empty, z.enum(CHANNELS).optional()),
  overdue: flag,
  dueSoon: flag,
  beneficiary: flag,
  /** Only the open requests (in work); the dashboard's figures link here. */
  open: flag,
  /** Kyiv calendar days, inclusive: received or resolved within them (the dashboard's chart and period). */
  receivedFrom: day,
  receivedTo: day,
  resolvedFrom: day,
  resolvedTo: day,
  q: z.preprocess(empty, z.string().trim().max(200).optional()),
  sort: z.preprocess(empty, z.enum(SORTS).default("deadline")),
  page: z.preprocess(empty, z.coerce.number().int().min(1).max(10_000).default(1)),
});

export type InboxQuery = z.output<typeof InboxQuerySchema>;
export type InboxFilters = Omit<InboxQuery, "sort" | "page">;

/** Unknown or malformed values are dropped rather than failing the whole page. */
export function parseInboxQuery(params: URLSearchParams): InboxQuery {
  const raw: Record<string, string> = {};
  for (const key of Object.keys(InboxQuerySchema.shape)) {
    const v = params.get(key);
    if (v !== null) raw[key] = v;
  }
  const parsed = InboxQuerySchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const bad = new Set(parsed.error.issues.map((i) => String(i.path[0])));
  for (const key of bad) delete raw[key];
  return InboxQuerySchema.parse(raw);
}

/** The filters that narrow the list, besides the search box (the filter panel opens when one is in force). */
export function activeFilters(query: Partial<InboxQuery>): string[] {
  return Object.entries(query)
    .filter(([k, v]) => !["q", "sort", "page"].includes(k) && v !== undefined && v !== false && v !== "")
    .map(([k]) => k);
}

/** The query string for a query (only set values), for links and saved views. */
export function inboxQueryString(query: Partial<InboxQuery>, overrides: Partial<InboxQuery> = {}): string {
  const merged = { ...query, ...overrides };
  const out = new URLSearchParams();
  for (const [k, v] of Object.entries(merged)) {
    if (v === undefined || v === null || v === false || v === "") continue;
    if (k === "sort" && v === "deadline") continue;
    if (k === "page" && v === 1) continue;
    out.set(k, v === true ? "1" : String(v));
  }
  return out.toString();
}
