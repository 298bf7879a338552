import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { DataTable } from "#app/components/data-table.tsx";
import { listAdminCategories } from "#app/domain/categories/list-admin-categories.server.ts";
import { t } from "#app/utils/i18n.ts";
import { loadPageTexts, type PageHandle } from "#app/utils/i18n-page.tsx";
import { getRequestLang } from "#app/utils/lang.server.ts";
import { requireAdmin } from "./admin-route.server.ts";

export const handle: PageHandle = { i18n: ["admin"] };
export const clientLoader = loadPageTexts(handle);

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: t(data?.lang ?? "uk", "admin:categories.title") }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  return { lang: getRequestLang(request), categories: await listAdminCategories() };
}

export default function Categories() {
  const { lang, categories } = useLoaderData<typeof loader>();
  const name = (c: { nameUk: string; nameEn: string }) => (lang === "en" ? c.nameEn : c.nameUk);
  return (
    <section>
      <h1>{t(lang, "admin:categories.title")}</h1>
      <DataTable
        columns={[t(lang, "admin:fields.category"), t(lang, "admin:fields.department"), t(lang, "admin:fields.sla"), t(lang, "admin:fields.active")]}
        rows={categories}
        row={(c) => (
          <tr key={c.id}>
            <td style={{ paddingLeft: `${0.5 + c.depth * 1.5}rem` }}>
              <a href={`/admin/categories/${c.id}?lang=${lang}`}>{name(c)}</a> <span className="muted">({c.code})</span>
            </td>
            <td>{c.department ? name(c.department) : "—"}</td>
            <td>
              {c.slaAmount ? t(lang, `admin:term.${c.slaUnit}`, { count: c.slaAmount }) : "—"}
              {c.statutoryApplies ? ` · ${t(lang, `admin:statutory.${c.statutoryTerm}`)}` : ""}
            </td>
            <td>{c.active ? t(lang, "admin:yes") : t(lang, "admin:no")}</td>
          </tr>
        )}
      />
    </section>
  );
}
