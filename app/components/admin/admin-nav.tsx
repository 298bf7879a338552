import { NavLink } from "@remix-run/react";
import { t, type Lang } from "#app/utils/i18n.ts";

const SECTIONS = ["departments", "staff", "categories", "routing", "districts", "calendar", "outages", "templates", "services", "open311"] as const;

export function AdminNav({ lang }: { lang: Lang }) {
  return (
    <nav aria-label={t(lang, "admin:nav.label")} className="admin-nav">
      <ul>
        <li>
          <NavLink to={`/admin?lang=${lang}`} end>
            {t(lang, "admin:nav.home")}
          </NavLink>
        </li>
        {SECTIONS.map((s) => (
          <li key={s}>
            <NavLink to={`/admin/${s}?lang=${lang}`}>{t(lang, `admin:nav.${s}`)}</NavLink>
          </li>
        ))}
        <li>
          <a href={`/staff?lang=${lang}`}>{t(lang, "admin:nav.console")}</a>
        </li>
      </ul>
    </nav>
  );
}
