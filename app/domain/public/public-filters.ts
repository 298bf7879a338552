// What a person may filter the public map, the list of problems and the accessibility map
// by, read from the query string. Only coarse choices exist (a category, a district, a
// status, a period): nothing narrows by place, so no sequence of queries can close in on
// the point a citizen reported from — every point that leaves is a cell centre anyway.
import type { RequestStatus } from "#app/generated/prisma/enums.ts";
import { AppError } from "#app/utils/errors.ts";

/** "open": still being worked on; "solved": answered (resolved, or closed after that). */
export const PUBLIC_STATUSES = ["open", "solved"] as const;
export type PublicStatus = (typeof PUBLIC_STATUSES)[number];

/** Days to look back; "all" for all time. */
export const PUBLIC_PERIODS = [7, 30, 90, 365] as const;
export const DEFAULT_PUBLIC_PERIOD = 90;

/** A barrier's state on the accessibility map, in the words people with disabilities asked for. */
export const BARRIER_STAGES = ["reported", "fixing", "fixed"] as const;
export type BarrierStage = (typeof BARRIER_STAGES)[number];
export const STAGE_STATUSES: Record<BarrierStage, readonly RequestStatus[]> = {
  reported: ["NEW", "ASSIGNED", "RETURNED"],
  fixing: ["IN_PROGRESS", "WAITING_CITIZEN", "HANDED_OFF"],
  fixed: ["RESOLVED", "CLOSED"],
};
export function barrierStage(status: RequestStatus): BarrierStage | null {
  return BARRIER_STAGES.find((s) => STAGE_STATUSES[s].includes(status)) ?? null;
}

/** The category group the accessibility map shows. */
export const ACCESSIBILITY_GROUP = "accessibility";

export type PublicFilters = {
  category: string | null;
  district: string | null;
  status: PublicStatus | null;
  stage: BarrierStage | null;
  /** Days back, or null for all time. */
  period: number | null;
  page: number;
};

const CODE = /^[a-z0-9][a-z0-9._-]{0,99}$/i;

/**
 * The filters of a public page or of the JSON endpoint. An empty value means "any"; a value
 * that is not one of the choices is a 400 naming the field (the category and district codes
 * are checked against the database when the list is read).
 */
export function parsePublicFilters(params: URLSearchParams, options: { categoryParam?: string; defaultPeriod?: number | null } = {}): PublicFilters {
  const categoryParam = options.categoryParam ?? "category";
  const get = (name: string) => params.get(name)?.trim() ?? "";
  const category = get(categoryParam);
  if (category && !CODE.test(category)) throw new AppError("VALIDATION", "errors:public.categoryUnknown", { field: categoryParam });
  const district = get("district");
  if (district && !CODE.test(district)) throw new AppError("VALIDATION", "errors:public.districtUnknown", { field: "district" });
  const status = get("status");
  if (status && status !== "all" && !(PUBLIC_STATUSES as readonly string[]).includes(status))
    throw new AppError("VALIDATION", "errors:public.statusInvalid", { field: "status" });
  const stage = get("stage");
  if (stage && !(BARRIER_STAGES as readonly string[]).includes(stage)) throw new AppError("VALIDATION", "errors:public.stageInvalid", { field: "stage" });
  const periodRaw = get("period");
  let period: number | null = options.defaultPeriod === undefined ? DEFAULT_PUBLIC_PERIOD : options.defaultPeriod;
  if (periodRaw === "all") period = null;
  else if (periodRaw) {
    const n = Number(periodRaw);
    if (!(PUBLIC_PERIODS as readonly number[]).includes(n)) throw new AppError("VALIDATION", "errors:public.periodInvalid", { field: "period" });
    period = n;
  }
  const pageRaw = get("page");
  const page = pageRaw ? Number(pageRaw) : 1;
  if (!Number.isInteger(page) || page < 1 || page > 100_000) throw new AppError("VALIDATION", "errors:public.pageInvalid", { field: "page" });
  return {
    category: category || null,
    district: district || null,
    status: status && status !== "all" ? (status as PublicStatus) : null,
    stage: stage ? (stage as BarrierStage) : null,
    period,
    page,
  };
}

/** The query string of these filters (for links to other pages of the same list), without the page. */
export function filtersQuery(filters: PublicFilters, lang: string, extra: Record<string, string> = {}, categoryParam = "category") {
  const q = new URLSearchParams({ lang });
  if (filters.category) q.set(categoryParam, filters.category);
  if (filters.district) q.set("district", filters.district);
  if (filters.status) q.set("status", filters.status);
  if (filters.stage) q.set("stage", filters.stage);
  q.set("period", filters.period === null ? "all" : String(filters.period));
  for (const [k, v] of Object.entries(extra)) q.set(k, v);
  return q.toString();
}
