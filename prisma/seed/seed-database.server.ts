import { seedCalendar } from "#app/domain/calendar/seed-calendar.server.ts";
import { seedStreets } from "./seed-streets.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { seedDemoRequests, type SeedDemoRequestsResult } from "./seed-demo-requests.server.ts";
import { seedReplyTemplates } from "./reply-templates.ts";
import { seedDemoStaff } from "./seed-demo-staff.server.ts";
import { seedOrganisation, type SeedCount } from "./seed-organisation.server.ts";

export type SeedDatabaseResult = {
  departments: SeedCount;
  categories: SeedCount;
  districts: SeedCount;
  routingRules: SeedCount;
  calendarDays: number;
  demoStaff: SeedCount | "skipped";
  demoRequests: SeedDemoRequestsResult | "skipped" | "not-empty";
};

/**
 * Everything a fresh installation needs, safe to run on every start: the organisation
 * (created when missing, never overwritten), the work calendar, and — for demos, when asked —
 * staff accounts with known passwords (once) and a few hundred requests (only into an empty Request table).
 */
export async function seedDatabase(
  options: {
    withDemoRequests?: boolean;
    /** DEMO_STAFF with their published passwords, once per database; only when asked for (isDemoSeedingEnabled). */
    withDemoStaff?: boolean;
    /** "Today" for the demo requests' spread; default now. */
    now?: Date;
    demoRequestCount?: number;
  } = {},
): Promise<SeedDatabaseResult> {
  const organisation = await seedOrganisation();
  await seedStreets();
  const now = options.now ?? new Date();
  // 2026–2027 as shipped, plus whatever the demo period and next year's deadlines touch.
  const year = now.getUTCFullYear();
  const demoStartYear = new Date(now.getTime() - 60 * 86_400_000).getUTCFullYear();
  const years = [...new Set([2026, 2027, demoStartYear, year, year + 1])].sort((a, b) => a - b);
  const calendar = await seedCalendar({ years });
  await seedReplyTemplates();
  const demoStaff = options.withDemoStaff ? await seedDemoStaff() : "skipped";

  let demoRequests: SeedDatabaseResult["demoRequests"] = "skipped";
  if (options.withDemoRequests) {
    const existing = await getDb().request.count();
    demoRequests = existing > 0 ? "not-empty" : await seedDemoRequests({ now, count: options.demoRequestCount });
  }
  return { ...organisation, calendarDays: calendar.days, demoStaff, demoRequests };
}
