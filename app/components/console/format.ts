import { formatKyivTime } from "#app/domain/calendar/kyiv-time.ts";

/** Kyiv wall-clock time for people; the same text on server and browser. */
export function kyivTime(value: string | Date | null | undefined): string {
  return formatKyivTime(value, "dateTime") || "—";
}
