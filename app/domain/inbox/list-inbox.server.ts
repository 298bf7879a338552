import { OPEN_STATUSES } from "#app/domain/requests/status-machine.ts";
import { getDb } from "#app/utils/db.server.ts";
import type { InboxFilters, InboxQuery } from "./inbox-filters.ts";
import { buildInboxWhere, inboxOrderBy, inboxRowSelect } from "./inbox-where.server.ts";
import { isCentreRole, type StaffActor } from "#app/domain/requests/request-access.server.ts";

export const INBOX_PAGE_SIZE = 50;

/**
 * One page of the inbox for this staff member (department roles: their queue only), with
 * the choices its filter form offers and the member's saved views. No COUNT over the
 * table: one extra row tells whether a next page exists.
 */
export async function listInbox(options: { actor: StaffActor; filters: InboxFilters; sort?: InboxQuery["sort"]; page?: number; now?: Date }) {
  const { actor } = options;
  const now = options.now ?? new Date();
  const page = Math.max(1, options.page ?? 1);
  const db = getDb();
  const { where, search } = await buildInboxWhere({ actor, filters: options.filters, now });
  const searchTooShort = search?.kind === "tooShort";
  const [rows, savedViews, categories, departments, districts] = await Promise.all([
    // A query too short to mean anything is not run: the page says so instead.
    searchTooShort
      ? []
      : db.request.findMany({
          where,
          orderBy: inboxOrderBy(options.sort ?? "deadline"),
          skip: (page - 1) * INBOX_PAGE_SIZE,
          take: INBOX_PAGE_SIZE + 1,
          select: inboxRowSelect,
        }),
    db.savedView.findMany({ where: { staffUserId: actor.id }, orderBy: { name: "asc" }, select: { id: true, name: true, query: true } }),
    db.category.findMany({
      where: { active: true },
      orderBy: [{ sortOrder: "asc" }, { code: "asc" }],
      select: { code: true, nameUk: true, nameEn: true, parentId: true },
    }),
    db.department.findMany({ where: { active: true }, orderBy: { nameUk: "asc" }, select: { id: true, nameUk: true, nameEn: true } }),
    db.district.findMany({ orderBy: { nameUk: "asc" }, select: { id: true, nameUk: true, nameEn: true } }),
  ]);
  const open = new Set<string>(OPEN_STATUSES);
  return {
    page,
    searchTooShort,
    hasNext: rows.length > INBOX_PAGE_SIZE,
    rows: rows.slice(0, INBOX_PAGE_SIZE).map((r) => ({
      ...r,
      description: r.description.length > 140 ? `${r.description.slice(0, 140)}…` : r.description,
      isOverdue: Boolean(r.dueAt && r.dueAt < now && open.has(r.status)),
    })),
    savedViews,
    options: { categories, departments: isCentreRole(actor) ? departments : departments.filter((d) => d.id === actor.departmentId), districts },
  };
}
