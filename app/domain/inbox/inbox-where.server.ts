import type { Prisma } from "#app/generated/prisma/client.ts";
import type { RequestStatus } from "#app/generated/prisma/enums.ts";
import { OPEN_STATUSES } from "#app/domain/requests/status-machine.ts";
import { getDb } from "#app/utils/db.server.ts";
import type { InboxFilters, InboxQuery } from "./inbox-filters.ts";
import { visibleRequestsWhere, type StaffActor } from "#app/domain/requests/request-access.server.ts";

const NUMBER_LIKE = /^[A-Za-z]{2,5}-\d{4}(-\d{0,6})?$/;
const FULL_NUMBER = /^[A-Za-z]{2,5}-\d{4}-\d{6}$/;

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
 * department+status+dueAt, routed+createdAt, category+status, the trigram index on the
 * description, the unique number), so the first page stays fast on a million rows.
 */
export async function buildInboxWhere(options: { actor: StaffActor; filters: InboxFilters; now: Date }): Promise<Prisma.RequestWhereInput> {
  const { actor, filters: f, now } = options;
  const and: Prisma.RequestWhereInput[] = [visibleRequestsWhere(actor)];
  const open = { in: [...OPEN_STATUSES] as RequestStatus[] };
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
  if (f.overdue) and.push({ status: open, dueAt: { lt: now } });
  if (f.dueSoon) and.push({ status: open, dueAt: { gte: now, lte: new Date(now.getTime() + 24 * 3_600_000) } });
  if (f.q) {
    const q = f.q.trim();
    if (FULL_NUMBER.test(q)) and.push({ number: q.toUpperCase() });
    else if (NUMBER_LIKE.test(q)) and.push({ number: { startsWith: q.toUpperCase() } });
    // ILIKE '%q%' is served by the GIN trigram index on "description".
    else and.push({ description: { contains: q, mode: "insensitive" } });
  }
  return { AND: and };
}

export function inboxOrderBy(sort: InboxQuery["sort"]): Prisma.RequestOrderByWithRelationInput[] {
  if (sort === "created") return [{ createdAt: "desc" }, { id: "desc" }];
  if (sort === "number") return [{ number: "desc" }];
  return [{ dueAt: { sort: "asc", nulls: "last" } }, { id: "asc" }];
}

export const inboxRowSelect = {
  id: true,
  number: true,
  receivedAt: true,
  status: true,
  dueAt: true,
  isBeneficiary: true,
  isAppeal: true,
  channel: true,
  description: true,
  category: { select: { code: true, nameUk: true, nameEn: true } },
  district: { select: { nameUk: true, nameEn: true } },
  department: { select: { nameUk: true, nameEn: true } },
} as const satisfies Prisma.RequestSelect;
