// What routing reads for every request — categories, routing rules, departments, districts,
// the deadline settings and the working calendar — held in memory and reloaded only when it
// changed. Statement triggers on those tables bump "ReferenceVersion" (from a sequence, so a
// number is never reused, even after a rolled-back change); one cheap read of that row per
// batch tells whether the copy is current. Loaded through the shared client, never inside a
// caller's transaction, so the copy never holds a change that might still roll back.
import type { CalendarRegime, StatutoryTerm, TermUnit, UrgencyClass } from "#app/generated/prisma/enums.ts";
import { getTermCalendar } from "#app/domain/calendar/get-work-calendar.server.ts";
import { kyivDateOf } from "#app/domain/calendar/kyiv-time.ts";
import type { WorkCalendar } from "#app/domain/calendar/terms.ts";
import { containsPoint, isGeometry, type GeoJsonGeometry } from "#app/domain/routing/geo.ts";
import { SETTING_DEFAULTS, type SettingKey } from "#app/domain/settings/get-setting.server.ts";
import { getDb, getPgPool, type Tx } from "#app/utils/db.server.ts";

export type CategoryRef = {
  id: string;
  code: string;
  parentId: string | null;
  active: boolean;
  /** Life safety: a report of it is answered with the emergency numbers at once (emergency-notice.server.ts). */
  isEmergency: boolean;
  urgency: UrgencyClass;
  requiresLocation: boolean;
  slaAmount: number | null;
  slaUnit: TermUnit | null;
  statutoryApplies: boolean;
  statutoryTerm: StatutoryTerm | null;
};

type RuleRef = { id: string; categoryId: string | null; districtId: string | null; departmentId: string; coDepartmentCodes: string[] };
type DepartmentRef = { id: string; code: string; active: boolean; nameUk: string; nameEn: string };
type DistrictRef = { id: string; minLat: number; maxLat: number; minLon: number; maxLon: number; geometry: GeoJsonGeometry | null };

export type ReferenceData = {
  version: bigint;
  categoryByCode: Map<string, CategoryRef>;
  categoryById: Map<string, CategoryRef>;
  /** Active rules in the order they are tried (position, then age). */
  rules: RuleRef[];
  departmentById: Map<string, DepartmentRef>;
  departmentByCode: Map<string, DepartmentRef>;
  /** By code, as the district lookup has always broken a tie between overlapping districts. */
  districts: DistrictRef[];
  settings: { [K in SettingKey]: (typeof SETTING_DEFAULTS)[K] };
  /** Term calendars already loaded, by the Kyiv date a request was received. */
  calendars: Map<string, Promise<{ regime: CalendarRegime; calendar: WorkCalendar }>>;
};

let current: ReferenceData | null = null;
let loading: Promise<ReferenceData> | null = null;

const VERSION = { name: "reference-version", text: `SELECT version::text FROM "ReferenceVersion" WHERE id = 1` };
let reading: Promise<bigint> | null = null;
let queued: Promise<bigint> | null = null;

/**
 * The version as a read begun after the call finds it, so a change committed before the call
 * is always seen. Callers that come while a read is on its way share the one after it (as a
 * group commit does): every inbound SMS asks, and a storm of them costs a read per round trip,
 * not one each. A plain prepared statement on the client's pool: Prisma's work around a query
 * cost more than the read.
 */
function readVersion(): Promise<bigint> {
  if (!reading) {
    const read = getPgPool()
      .query<{ version: string }>(VERSION)
      .then((r) => (r.rows[0] ? BigInt(r.rows[0].version) : -1n));
    const done = () => {
      if (reading === read) reading = null;
    };
    read.then(done, done);
    reading = read;
    return read;
  }
  const after = () => {
    queued = null;
    return readVersion();
  };
  return (queued ??= reading.then(after, after));
}

/** The reference data as of now: the copy in memory when its version is still the database's. */
export async function getReferenceData(): Promise<ReferenceData> {
  const version = await readVersion();
  if (current && current.version === version) return current;
  if (loading) {
    const pending = await loading;
    if (pending.version === version) return pending;
  }
  loading = load(version);
  try {
    current = await loading;
    return current;
  } finally {
    loading = null;
  }
}

async function load(version: bigint): Promise<ReferenceData> {
  const db = getDb();
  const [categories, rules, departments, districts, settingRows] = await Promise.all([
    db.category.findMany({
      select: {
        id: true,
        code: true,
        parentId: true,
        active: true,
        isEmergency: true,
        urgency: true,
        requiresLocation: true,
        slaAmount: true,
        slaUnit: true,
        statutoryApplies: true,
        statutoryTerm: true,
      },
    }),
    db.routingRule.findMany({
      where: { active: true },
      orderBy: [{ position: "asc" }, { createdAt: "asc" }],
      select: { id: true, categoryId: true, districtId: true, departmentId: true, coDepartmentCodes: true },
    }),
    db.department.findMany({ select: { id: true, code: true, active: true, nameUk: true, nameEn: true } }),
    db.district.findMany({ orderBy: { code: "asc" }, select: { id: true, minLat: true, maxLat: true, minLon: true, maxLon: true, geometry: true } }),
    db.setting.findMany({ where: { key: { in: Object.keys(SETTING_DEFAULTS) } } }),
  ]);
  const settings = { ...SETTING_DEFAULTS };
  for (const row of settingRows) {
    const key = row.key as SettingKey;
    // The same rule as getSetting: a stored value of the wrong type falls back to the default.
    if (typeof row.value === typeof SETTING_DEFAULTS[key]) (settings as Record<string, unknown>)[key] = row.value;
  }
  return {
    version,
    categoryByCode: new Map(categories.map((c) => [c.code, c])),
    categoryById: new Map(categories.map((c) => [c.id, c])),
    rules,
    departmentById: new Map(departments.map((d) => [d.id, d])),
    departmentByCode: new Map(departments.map((d) => [d.code, d])),
    districts: districts.map((d) => ({ ...d, geometry: isGeometry(d.geometry) ? d.geometry : null })),
    settings,
    calendars: new Map(),
  };
}

/** The category and its ancestors, nearest first. */
export function lineageOf(ref: ReferenceData, categoryId: string): string[] {
  const out: string[] = [];
  for (let c = ref.categoryById.get(categoryId); c && out.length <= 20; c = c.parentId ? ref.categoryById.get(c.parentId) : undefined) out.push(c.id);
  return out;
}

/** The district containing the point, or null when it lies on no district. */
export function districtAt(ref: ReferenceData, point: { lat: number; lon: number }): string | null {
  const { lat, lon } = point;
  const hit = ref.districts.find(
    (d) => d.minLat <= lat && d.maxLat >= lat && d.minLon <= lon && d.maxLon >= lon && d.geometry !== null && containsPoint(d.geometry, point),
  );
  return hit?.id ?? null;
}

/**
 * The first active rule (in order) whose category is the request's or an ancestor's and
 * whose district is the request's, a rule's null matching anything, and whose department
 * is active; its co-executors are the active departments it names other than its own.
 */
export function routeIn(ref: ReferenceData, options: { categoryId: string | null; districtId: string | null }) {
  const lineage = options.categoryId ? new Set(lineageOf(ref, options.categoryId)) : new Set<string>();
  const rule = ref.rules.find(
    (r) =>
      (r.categoryId === null || lineage.has(r.categoryId)) &&
      (r.districtId === null || r.districtId === options.districtId) &&
      ref.departmentById.get(r.departmentId)?.active === true,
  );
  if (!rule) return null;
  const coDepartmentIds = rule.coDepartmentCodes
    .map((code) => ref.departmentByCode.get(code))
    .filter((d): d is DepartmentRef => Boolean(d?.active) && d!.id !== rule.departmentId)
    .map((d) => d.id);
  return { ruleId: rule.id, departmentId: rule.departmentId, coDepartmentIds: [...new Set(coDepartmentIds)] };
}

/**
 * The regime and working calendar that count terms for something received at `receivedAt`.
 * Inside a transaction pass it as `tx`: the calendar is then read through it (a second pool
 * connection, wanted while every connection is held by a routing transaction, would never
 * come). What it may write (a year's days generated by rule) is the same on every run, so a
 * copy read inside a transaction that later rolls back is still right.
 */
export function termCalendarIn(ref: ReferenceData, receivedAt: Date, tx?: Tx) {
  const day = kyivDateOf(receivedAt);
  let entry = ref.calendars.get(day);
  if (!entry) {
    // Every receipt on one Kyiv day reaches the same window of days, so one load serves them all.
    entry = getTermCalendar({ receivedAt: new Date(`${day}T12:00:00+02:00`), tx }).then(({ regime, calendar }) => ({ regime, calendar }));
    entry.catch(() => ref.calendars.delete(day));
    ref.calendars.set(day, entry);
  }
  return entry;
}
