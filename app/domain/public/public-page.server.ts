// What the public pages' loaders share: the filters read from the query string, and a bad
// filter value turned into a 400 page that names the field (never a 500).
import { toUserError } from "#app/utils/user-error.server.ts";
import type { Lang } from "#app/utils/i18n.ts";
import { parsePublicFilters, type PublicFilters } from "./public-filters.ts";

export type PublicPageError = { status: number; field: string | null; message: string };

/** The filter values as sent, for the form to show back when one of them was refused. */
export function sentFilters(params: URLSearchParams, categoryParam = "category"): PublicFilters {
  const get = (name: string) => params.get(name)?.trim() || null;
  const period = Number(params.get("period"));
  return {
    category: get(categoryParam),
    district: get("district"),
    status: null,
    stage: null,
    period: Number.isInteger(period) && period > 0 ? period : null,
    page: 1,
  };
}

/**
 * Runs a public page's reading with the filters of its query string. A value a person can
 * fix (an unknown category, a period not offered, a page below 1) comes back as `error`
 * with its 4xx status; anything else is thrown as the fault it is.
 */
export async function withPublicFilters<T>(options: {
  params: URLSearchParams;
  lang: Lang;
  categoryParam?: string;
  defaultPeriod?: number | null;
  read: (filters: PublicFilters) => Promise<T>;
}): Promise<{ filters: PublicFilters; result: T; error: null } | { filters: PublicFilters; result: null; error: PublicPageError }> {
  try {
    const filters = parsePublicFilters(options.params, { categoryParam: options.categoryParam, defaultPeriod: options.defaultPeriod });
    return { filters, result: await options.read(filters), error: null };
  } catch (e) {
    const error = toUserError(e, options.lang);
    if (error.status >= 500) throw e;
    return {
      filters: sentFilters(options.params, options.categoryParam),
      result: null,
      error: { status: error.status, field: error.field ?? null, message: error.message },
    };
  }
}
