import { OPEN_STATUSES } from "#app/domain/requests/status-machine.ts";
import { getDb } from "#app/utils/db.server.ts";
import { excerptOf } from "./excerpt.ts";
import type { InboxFilters, InboxQuery } from "./inbox-filters.ts";
import type { Prisma } from "#app/generated/prisma/client.ts";
import { buildInboxWhere, inboxOrderBy, inboxRowColumns } from "./inbox-where.server.ts";
import { isCentreRole, type StaffActor } from "#app/domain/requests/request-access.server.ts";

export const INBOX_PAGE_SIZE = 50;
/** "Due soon" in the inbox: the same 24 hours as the due-soon filter and the dashboard. */
export const DUE_SOON_MS = 24 * 3_600_000;

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
  const centre = isCentreRole(actor);
  const [rows, savedViews, categories, departments, districts, officers] = await Promise.all([
    // A query too short to mean anything is not run: the page says so instead.
    searchTooShort
      ? []
      : db.request.findMany({
          where,
          orderBy: inboxOrderBy(options.sort ?? "deadline"),
          skip: (page - 1) * INBOX_PAGE_SIZE,
          take: INBOX_PAGE_SIZE + 1,
          select: listRowSelect,
        }),
    db.savedView.findMany({ where: { staffUserId: actor.id }, orderBy: { name: "asc" }, select: { id: true, name: true, query: true } }),
    // Every category and department, also retired ones: the rows name theirs from these lists
    // (no query per relation after the page's); the filter offers the active ones.
    db.category.findMany({
      orderBy: [{ sortOrder: "asc" }, { code: "asc" }],
      select: { id: true, code: true, nameUk: true, nameEn: true, parentId: true, active: true },
    }),
    db.department.findMany({ orderBy: { nameUk: "asc" }, select: { id: true, nameUk: true, nameEn: true, active: true } }),
    db.district.findMany({ orderBy: { nameUk: "asc" }, select: { id: true, nameUk: true, nameEn: true } }),
    // Whom the selected rows can be assigned to: department staff (the centre: every
    // department's; a department: its own). Each row still checks the assignee is its executor's.
    db.staffUser.findMany({
      where: {
        active: true,
        role: { in: ["DEPARTMENT_OFFICER", "DEPARTMENT_HEAD"] },
        departmentId: centre ? { not: null } : (actor.departmentId ?? "00000000-0000-0000-0000-000000000000"),
      },
      orderBy: [{ name: "asc" }],
      select: { id: true, name: true, departmentId: true },
    }),
  ]);
  const open = new Set<string>(OPEN_STATUSES);
  const soon = now.getTime() + DUE_SOON_MS;
  const categoryById = new Map(categories.map((c) => [c.id, { code: c.code, nameUk: c.nameUk, nameEn: c.nameEn }]));
  const departmentById = new Map(departments.map((d) => [d.id, { nameUk: d.nameUk, nameEn: d.nameEn }]));
  const districtById = new Map(districts.map((d) => [d.id, { nameUk: d.nameUk, nameEn: d.nameEn }]));
  const activeDepartments = departments.filter((d) => d.active).map(({ id, nameUk, nameEn }) => ({ id, nameUk, nameEn }));
  return {
    page,
    searchTooShort,
    hasNext: rows.length > INBOX_PAGE_SIZE,
    rows: rows.slice(0, INBOX_PAGE_SIZE).map(({ description, categoryId, districtId, departmentId, ...r }) => {
      const running = Boolean(r.dueAt && open.has(r.status));
      const isOverdue = running && r.dueAt! < now;
      const sla: "overdue" | "dueSoon" | null = isOverdue ? "overdue" : running && r.dueAt!.getTime() <= soon ? "dueSoon" : null;
      return {
        ...r,
        category: (categoryId && categoryById.get(categoryId)) || null,
        district: (districtId && districtById.get(districtId)) || null,
        department: (departmentId && departmentById.get(departmentId)) || null,
        excerpt: excerptOf(description),
        isOverdue,
        sla,
      };
    }),
    savedViews,
    options: {
      categories: categories.filter((c) => c.active).map(({ code, nameUk, nameEn, parentId }) => ({ code, nameUk, nameEn, parentId })),
      departments: centre ? activeDepartments : activeDepartments.filter((d) => d.id === actor.departmentId),
      districts,
    },
    bulk: { officers, canRoute: centre, routeTo: centre ? activeDepartments : [] },
  };
}

/** A page row: the relations' names come from the reference lists the page loads anyway. */
const listRowSelect = {
  ...inboxRowColumns,
  categoryId: true,
  districtId: true,
  departmentId: true,
} as const satisfies Prisma.RequestSelect;
