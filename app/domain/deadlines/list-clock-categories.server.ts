import { getDb } from "#app/utils/db.server.ts";
import type { Lang } from "#app/utils/i18n.ts";

/** Active categories with an operational term, for the public deadlines calculator. */
export async function listClockCategories(options: { lang?: Lang } = {}): Promise<{ code: string; name: string }[]> {
  const rows = await getDb().category.findMany({
    where: { active: true, slaAmount: { not: null }, slaUnit: { not: null } },
    select: { code: true, nameUk: true, nameEn: true },
    orderBy: [{ sortOrder: "asc" }, { nameUk: "asc" }],
  });
  return rows.map((r) => ({ code: r.code, name: options.lang === "en" ? r.nameEn : r.nameUk }));
}
