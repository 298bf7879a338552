// Step 1 of the report: the category tree as radio groups inside <details>, a GET form
// that works without JavaScript (?q= searches on the server, "Next" goes to ?category=).
// With JavaScript the search box also filters the list as the citizen types.
import { useState } from "react";
import type { ReportCategoryGroup } from "#app/domain/categories/list-report-categories.server.ts";
import { t, type Lang } from "#app/utils/i18n.ts";
import { FieldError } from "./field.tsx";

function fold(s: string) {
  return s
    .toLocaleLowerCase("uk")
    .replace(/[ʼ’'`"«»]/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

export function CategoryPicker(props: { lang: Lang; groups: ReportCategoryGroup[]; q: string; error?: string; hydrated: boolean }) {
  const { lang } = props;
  const [filter, setFilter] = useState(props.q);
  const words = fold(filter).split(" ").filter(Boolean);
  const visible = (leaf: ReportCategoryGroup["leaves"][number]) =>
    !props.hydrated || !words.length || words.every((w) => fold([leaf.name, ...leaf.synonyms].join(" | ")).includes(w));
  const groups = props.groups.map((g) => ({ ...g, shown: g.leaves.filter(visible) })).filter((g) => g.shown.length);
  const open = Boolean(props.q || words.length) || props.groups.length === 1;

  return (
    <>
      <form method="get" action="/report" role="search" className="category-search">
        <input type="hidden" name="lang" value={lang} />
        <label htmlFor="category-q">{t(lang, "citizen:report.searchLabel")}</label>
        <div className="inline">
          <input id="category-q" name="q" type="search" defaultValue={props.q} onChange={(e) => setFilter(e.target.value)} autoComplete="off" />
          <button type="submit">{t(lang, "citizen:report.searchButton")}</button>
        </div>
        {props.q ? (
          <p>
            <a href={`/report?lang=${lang}`}>{t(lang, "citizen:report.searchClear")}</a>
          </p>
        ) : null}
      </form>
      <form method="get" action="/report" className="category-picker">
        <input type="hidden" name="lang" value={lang} />
        <fieldset aria-describedby={props.error ? "category-error" : undefined}>
          <legend>{t(lang, "citizen:report.categoryLegend")}</legend>
          <FieldError id="category" error={props.error} />
          {groups.length === 0 ? <p role="status">{t(lang, "citizen:report.searchNone")}</p> : null}
          {groups.map((g) => (
            <details key={g.code} open={open || undefined} className="category-group">
              <summary>{g.name}</summary>
              <ul className="radio-list">
                {g.shown.map((leaf) => (
                  <li key={leaf.code}>
                    <input type="radio" id={`cat-${leaf.code}`} name="category" value={leaf.code} required />
                    <label htmlFor={`cat-${leaf.code}`}>
                      {leaf.name}
                      {leaf.isEmergency ? <span className="badge-emergency"> !</span> : null}
                    </label>
                  </li>
                ))}
              </ul>
            </details>
          ))}
        </fieldset>
        <button type="submit">{t(lang, "citizen:report.next")}</button>
      </form>
    </>
  );
}
