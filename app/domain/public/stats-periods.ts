/** The periods the public statistics can look back over, in Kyiv calendar days (today included). */
export const STATS_PERIODS = [7, 30, 90, 365] as const;
export const DEFAULT_STATS_DAYS = 30;
/** The longest span a chosen from–to period may cover, in days. */
export const MAX_STATS_SPAN_DAYS = 366;
/** A trend is drawn by day up to this many days, by month beyond. */
export const DAILY_SERIES_MAX_DAYS = 92;
/** A department enters the league table with at least this many requests resolved in the period. */
export const LEAGUE_MIN_RESOLVED = 5;
