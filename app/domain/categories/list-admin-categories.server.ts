import { getDb } from "#app/utils/db.server.ts";

export type AdminCategoryNode = Awaited<ReturnType<typeof loadCategories>>[number] & { depth: number };

function loadCategories() {
  return getDb().category.findMany({
    orderBy: [{ sortOrder: "asc" }, { nameUk: "asc" }],
    select: {
      id: true,
      code: true,
      parentId: true,
      nameUk: true,
      nameEn: true,
      active: true,
      urgency: true,
      slaAmount: true,
      slaUnit: true,
      statutoryApplies: true,
      statutoryTerm: true,
      isAdminService: true,
      department: { select: { id: true, nameUk: true, nameEn: true } },
    },
  });
}

/** Categories in tree order (parents before children, with their depth) for the admin list. */
export async function listAdminCategories(): Promise<AdminCategoryNode[]> {
  const all = await loadCategories();
  const children = new Map<string | null, typeof all>();
  for (const c of all) children.set(c.parentId, [...(children.get(c.parentId) ?? []), c]);
  const out: AdminCategoryNode[] = [];
  const visit = (parentId: string | null, depth: number) => {
    for (const c of children.get(parentId) ?? []) {
      out.push({ ...c, depth });
      if (depth < 10) visit(c.id, depth + 1);
    }
  };
  visit(null, 0);
  return out;
}
