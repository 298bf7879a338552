/** The periods a dashboard can look back over, in Kyiv calendar days (today included). */
export const DASHBOARD_PERIODS = [7, 30, 90] as const;
