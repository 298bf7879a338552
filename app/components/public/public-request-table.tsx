// The public list of requests as a table (number, category, status, district, dates) with
// pages; the same on the list page, under the map and on the accessibility map.
import { formatKyivTime } from "#app/domain/calendar/kyiv-time.ts";
import { barrierStage } from "#app/domain/public/public-filters.ts";
import type { RequestStatus } from "#app/domain/requests/status-machine.ts";
import { t, type Lang } from "#app/utils/i18n.ts";

export type PublicRow = {
  number: string;
  status: RequestStatus;
  category: { name: string; group: { name: string } | null } | null;
  district: { name: string } | null;
  receivedAt: string | Date;
  resolvedAt: string | Date | null;
};

export function PublicRequestTable(props: {
  lang: Lang;
  id: string;
  caption: string;
  rows: PublicRow[];
  total: number;
  page: number;
  pageCount: number;
  /** The link to another page of this list (its filters kept). */
  pageHref: (page: number) => string;
  /** Barriers: the status as a stage (reported, being fixed, fixed). */
  stages?: boolean;
}) {
  const { lang, rows } = props;
  const L = (key: string, params?: Record<string, string | number>) => t(lang, `problems:list.${key}`, params);
  const date = (d: string | Date | null) => (d ? formatKyivTime(d, "date", lang) : "—");
  return (
    <div className="public-list">
      <p role="status" data-testid="public-total" data-total={props.total}>
        {L("total", { count: props.total })}
      </p>
      {rows.length ? (
        <div className="table-scroll" role="region" aria-labelledby={`${props.id}-caption`} tabIndex={0}>
          <table data-testid="public-table">
            <caption id={`${props.id}-caption`}>{props.caption}</caption>
            <thead>
              <tr>
                <th scope="col">{L("number")}</th>
                <th scope="col">{props.stages ? t(lang, "problems:accessibility.type") : L("category")}</th>
                <th scope="col">{props.stages ? t(lang, "problems:accessibility.stage") : L("status")}</th>
                <th scope="col">{L("district")}</th>
                <th scope="col">{props.stages ? t(lang, "problems:accessibility.reported") : L("received")}</th>
                <th scope="col">{props.stages ? t(lang, "problems:accessibility.fixed") : L("resolved")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => {
                const stage = props.stages ? barrierStage(r.status) : null;
                return (
                  <tr key={r.number} data-number={r.number} data-status={r.status}>
                    <td>
                      <a href={`/problems/${r.number}?lang=${lang}`}>{r.number}</a>
                    </td>
                    <td>{r.category ? r.category.name : L("noCategory")}</td>
                    <td>{stage ? t(lang, `problems:stage.${stage}`) : t(lang, `problems:status.${r.status}`)}</td>
                    <td>{r.district?.name ?? L("noDistrict")}</td>
                    <td>{date(r.receivedAt)}</td>
                    <td>{date(r.resolvedAt)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{L("none")}</p>
      )}
      {props.pageCount > 1 ? (
        <nav aria-label={L("pagerLabel")} className="pager">
          <p>{L("page", { page: props.page, pages: props.pageCount })}</p>
          <p>
            {props.page > 1 ? <a href={props.pageHref(props.page - 1)}>{L("prev")}</a> : null}{" "}
            {props.page < props.pageCount ? <a href={props.pageHref(props.page + 1)}>{L("next")}</a> : null}
          </p>
        </nav>
      ) : null}
    </div>
  );
}
