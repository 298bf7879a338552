// The filters of the public pages: a plain GET form (works without JavaScript), its choices
// in words, the field a bad value came from marked and explained.
import type { BarrierStage, PublicStatus } from "#app/domain/public/public-filters.ts";
import { t, type Lang } from "#app/utils/i18n.ts";

export type FilterChoices = {
  groups: { code: string; name: string; categories: { code: string; name: string }[] }[];
  districts: { code: string; name: string }[];
};
export type FilterValues = {
  category: string | null;
  district: string | null;
  status: PublicStatus | null;
  stage: BarrierStage | null;
  period: number | null;
};
type Field = "category" | "type" | "district" | "status" | "stage" | "period";

const PERIODS = [7, 30, 90, 365];
const STAGES: BarrierStage[] = ["reported", "fixing", "fixed"];

export function PublicFiltersForm(props: {
  lang: Lang;
  action: string;
  fields: Field[];
  choices: FilterChoices;
  values: FilterValues;
  error: { field: string | null; message: string } | null;
}) {
  const { lang, values, error } = props;
  const T = (key: string, params?: Record<string, string | number>) => t(lang, `problems:filters.${key}`, params);
  const has = (f: Field) => props.fields.includes(f);
  const invalid = (f: string) => (error?.field === f ? { "aria-invalid": true, "aria-describedby": `${f}-error` } : {});
  const errorFor = (f: string) =>
    error?.field === f ? (
      <p id={`${f}-error`} className="error" role="alert">
        {error.message}
      </p>
    ) : null;
  return (
    <form method="get" action={props.action} className="public-filters">
      <input type="hidden" name="lang" value={lang} />
      <fieldset>
        <legend>{T("legend")}</legend>
        <div className="public-filter-row">
          {has("category") ? (
            <div>
              <label htmlFor="f-category">{T("category")}</label>
              <select id="f-category" name="category" defaultValue={values.category ?? ""} {...invalid("category")}>
                <option value="">{T("categoryAny")}</option>
                {props.choices.groups.map((g) => (
                  <optgroup key={g.code} label={g.name}>
                    <option value={g.code}>{g.name}</option>
                    {g.categories.map((c) => (
                      <option key={c.code} value={c.code}>
                        {c.name}
                      </option>
                    ))}
                  </optgroup>
                ))}
              </select>
              {errorFor("category")}
            </div>
          ) : null}
          {has("type") ? (
            <div>
              <label htmlFor="f-type">{T("type")}</label>
              <select id="f-type" name="type" defaultValue={values.category ?? ""} {...invalid("type")}>
                <option value="">{T("typeAny")}</option>
                {props.choices.groups.flatMap((g) =>
                  g.categories.map((c) => (
                    <option key={c.code} value={c.code}>
                      {c.name}
                    </option>
                  )),
                )}
              </select>
              {errorFor("type")}
            </div>
          ) : null}
          {has("district") ? (
            <div>
              <label htmlFor="f-district">{T("district")}</label>
              <select id="f-district" name="district" defaultValue={values.district ?? ""} {...invalid("district")}>
                <option value="">{T("districtAny")}</option>
                {props.choices.districts.map((d) => (
                  <option key={d.code} value={d.code}>
                    {d.name}
                  </option>
                ))}
              </select>
              {errorFor("district")}
            </div>
          ) : null}
          {has("status") ? (
            <div>
              <label htmlFor="f-status">{T("status")}</label>
              <select id="f-status" name="status" defaultValue={values.status ?? "all"} {...invalid("status")}>
                <option value="all">{T("statusAll")}</option>
                <option value="open">{T("statusOpen")}</option>
                <option value="solved">{T("statusSolved")}</option>
              </select>
              {errorFor("status")}
            </div>
          ) : null}
          {has("stage") ? (
            <div>
              <label htmlFor="f-stage">{T("stage")}</label>
              <select id="f-stage" name="stage" defaultValue={values.stage ?? ""} {...invalid("stage")}>
                <option value="">{T("stageAny")}</option>
                {STAGES.map((s) => (
                  <option key={s} value={s}>
                    {t(lang, `problems:stage.${s}`)}
                  </option>
                ))}
              </select>
              {errorFor("stage")}
            </div>
          ) : null}
          {has("period") ? (
            <div>
              <label htmlFor="f-period">{T("period")}</label>
              <select
                id="f-period"
                name="period"
                defaultValue={values.period === null ? "all" : String(values.period)}
                {...invalid("period")}
                aria-describedby={error?.field === "period" ? "period-error period-hint" : "period-hint"}
              >
                {PERIODS.map((p) => (
                  <option key={p} value={String(p)}>
                    {T("periodDays", { count: p })}
                  </option>
                ))}
                <option value="all">{T("periodAll")}</option>
              </select>
              <p className="hint muted" id="period-hint">
                {T("periodHint")}
              </p>
              {errorFor("period")}
            </div>
          ) : null}
        </div>
        {errorFor("page")}
        {error && !error.field ? (
          <p className="error" role="alert">
            {error.message}
          </p>
        ) : null}
        <p>
          <button type="submit">{T("submit")}</button>
        </p>
      </fieldset>
    </form>
  );
}
