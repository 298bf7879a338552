// Routing in sets (accept in one INSERT, then routeAccepted with the reference data in
// memory) must route and time every request exactly as routing one request at a time by
// reading the database does (routeRequest on a request written without an intake payload:
// findDistrict, resolveRoute, computeRequestDeadlines through the transaction). Both paths
// run here on the city's real seed, on the same generated inputs, and are compared field
// by field: department, co-executors, district, status, and every deadline's kind, label,
// due and warning time.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, test } from "vitest";
import { routeAccepted } from "#app/domain/requests/route-accepted.server.ts";
import { routeRequest } from "#app/domain/requests/route-request.server.ts";
import { acceptRequest, submitRequest } from "#app/domain/requests/submit-request.server.ts";
import { hashAccessToken } from "#app/domain/requests/access-token.server.ts";
import { setSetting } from "#app/domain/settings/get-setting.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { seedDatabase } from "#prisma/seed/seed-database.server.ts";

type Input = {
  categoryCode: string | null;
  point: { lat: number; lon: number } | null;
  receivedAt: Date;
  appeal: "DAYS_15" | "MONTH_1" | null;
};

let inputs: Input[] = [];

beforeAll(async () => {
  await seedDatabase({ now: new Date("2026-11-26T09:00:00Z") });
  const db = getDb();
  // Settings off their defaults, so both paths must read them rather than assume them.
  await setSetting({ key: "deadlines.warnShare", value: 0.6 });
  await setSetting({ key: "triage.termMinutes", value: 90 });
  const leaves = await db.category.findMany({ where: { active: true, children: { none: {} } }, select: { code: true }, orderBy: { code: "asc" } });
  const districts = await db.district.findMany({ select: { minLat: true, maxLat: true, minLon: true, maxLon: true } });
  // Around the city, and a margin outside it (no district: triage unless a rule ignores districts).
  const box = {
    minLat: Math.min(...districts.map((d) => d.minLat)) - 0.01,
    maxLat: Math.max(...districts.map((d) => d.maxLat)) + 0.01,
    minLon: Math.min(...districts.map((d) => d.minLon)) - 0.01,
    maxLon: Math.max(...districts.map((d) => d.maxLon)) + 0.01,
  };
  let seed = 20261203;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  // Receipts over fourteen months, at any hour: nights, weekends, holidays, year ends, both regimes' calendars.
  const from = Date.parse("2026-01-01T00:00:00Z");
  const to = Date.parse("2027-03-01T00:00:00Z");
  inputs = Array.from({ length: 240 }, () => ({
    categoryCode: rnd() < 0.15 ? null : pick(leaves).code,
    point: rnd() < 0.1 ? null : { lat: box.minLat + rnd() * (box.maxLat - box.minLat), lon: box.minLon + rnd() * (box.maxLon - box.minLon) },
    receivedAt: new Date(from + Math.floor(rnd() * (to - from))),
    appeal: rnd() < 0.2 ? pick(["DAYS_15", "MONTH_1"] as const) : null,
  }));
}, 120_000);

/** The one-at-a-time path: the request row as a door wrote it before intake kept a payload, routed by routeRequest. */
async function routeOneAtATime(input: Input, i: number) {
  const db = getDb();
  const id = randomUUID();
  const category = input.categoryCode ? await db.category.findUniqueOrThrow({ where: { code: input.categoryCode } }) : null;
  await db.request.create({
    data: {
      id,
      number: `SLV-1999-${String(i).padStart(6, "0")}`,
      channel: "WEB",
      externalId: `old-${i}`,
      description: "Порівняння маршрутизації",
      lat: input.point?.lat,
      lon: input.point?.lon,
      categoryId: category?.id,
      isAppeal: Boolean(input.appeal),
      accessTokenHash: hashAccessToken(id),
      receivedAt: input.receivedAt,
    },
  });
  if (input.appeal)
    await db.appeal.create({
      data: {
        requestId: id,
        kind: "APPLICATION",
        receiptForm: "WEB",
        fullName: "Іваненко Іван",
        residence: "Слов'янськ",
        contact: "+380501112233",
        statutoryTerm: input.appeal,
      },
    });
  await routeRequest({ requestId: id });
  return id;
}

function submitInput(input: Input, i: number) {
  return {
    channel: "WEB" as const,
    externalId: `new-${i}`,
    description: "Порівняння маршрутизації",
    categoryCode: input.categoryCode,
    location: input.point,
    // A category that needs a place gets an address when the input has no point, as a door would insist.
    address: input.point ? null : "вул. Банківська, 1",
    receivedAt: input.receivedAt,
    citizen: input.appeal ? { fullName: "Іваненко Іван", residence: "Слов'янськ", phone: "+380501112233" } : null,
    appeal: input.appeal ? { kind: "APPLICATION" as const, statutoryTerm: input.appeal } : null,
  };
}

async function outcome(id: string) {
  const row = await getDb().request.findUniqueOrThrow({
    where: { id },
    select: {
      routed: true,
      status: true,
      departmentId: true,
      districtId: true,
      dueAt: true,
      coExecutors: { select: { departmentId: true }, orderBy: { departmentId: "asc" } },
      deadlines: {
        where: { active: true },
        select: { kind: true, label: true, dueAt: true, warnAt: true, startedAt: true },
        orderBy: [{ kind: "asc" }, { label: "asc" }],
      },
    },
  });
  return {
    routed: row.routed,
    status: row.status,
    departmentId: row.departmentId,
    districtId: row.districtId,
    dueAt: row.dueAt?.toISOString() ?? null,
    coExecutors: row.coExecutors.map((c) => c.departmentId),
    deadlines: row.deadlines.map((d) => `${d.kind}/${d.label} from ${d.startedAt.toISOString()} due ${d.dueAt.toISOString()} warn ${d.warnAt.toISOString()}`),
  };
}

describe("routing in sets equals routing one at a time", () => {
  test("on 240 generated requests: department, co-executors, district, status and every deadline", async () => {
    const oldIds: string[] = [];
    for (const [i, input] of inputs.entries()) oldIds.push(await routeOneAtATime(input, i));

    // The new path: every request accepted first (one INSERT each), then routed by the worker's step in sets.
    const accepted: string[] = [];
    for (const [i, input] of inputs.entries()) {
      const r = await acceptRequest(submitInput(input, i)).catch((e: { code?: string }) => {
        // A category that insists on a place or an appeal's fields refuses the same input on both doors alike.
        if (e.code !== "VALIDATION") throw e;
        return null;
      });
      accepted.push(r?.id ?? "");
    }
    let routed = 0;
    for (let ids = await routeAccepted({ limit: 50 }); ids.length > 0; ids = await routeAccepted({ limit: 50 })) routed += ids.length;
    expect(routed).toBe(accepted.filter(Boolean).length);

    let compared = 0;
    const triage = { old: 0, routed: 0 };
    for (const [i, newId] of accepted.entries()) {
      if (!newId) continue;
      const [before, after] = [await outcome(oldIds[i]!), await outcome(newId)];
      expect(after, `input ${i}: ${JSON.stringify(inputs[i])}`).toEqual(before);
      compared++;
      if (after.status === "NEW") triage.old++;
      else triage.routed++;
    }
    // The inputs reach both outcomes and most of the city's categories, or the comparison proves little.
    expect(compared).toBeGreaterThan(200);
    expect(triage.old).toBeGreaterThan(20);
    expect(triage.routed).toBeGreaterThan(100);
  }, 300_000);

  test("a rule an administrator changes applies to the next request at once", async () => {
    const db = getDb();
    const category = await db.category.findFirstOrThrow({ where: { code: "lighting.street" } });
    const other = await db.department.findFirstOrThrow({ where: { active: true, routingRules: { none: { categoryId: category.id } } } });
    const before = await submitRequest({
      channel: "WEB",
      description: "Не горить ліхтар",
      categoryCode: category.code,
      location: null,
      address: "вул. Банківська, 1",
    });
    expect(before.request.departmentId).not.toBe(other.id);
    const rule = await db.routingRule.create({ data: { position: -1, categoryId: category.id, departmentId: other.id } });
    const after = await submitRequest({
      channel: "WEB",
      description: "Не горить ліхтар",
      categoryCode: category.code,
      location: null,
      address: "вул. Банківська, 2",
    });
    expect(after.request.departmentId).toBe(other.id);
    await db.routingRule.update({ where: { id: rule.id }, data: { active: false } });
    const again = await submitRequest({
      channel: "WEB",
      description: "Не горить ліхтар",
      categoryCode: category.code,
      location: null,
      address: "вул. Банківська, 3",
    });
    expect(again.request.departmentId).toBe(before.request.departmentId);
  });

  test("an accepted request has its number and tracking link before it is routed, and the routing job routes it", async () => {
    const r = await acceptRequest({
      channel: "TELEGRAM",
      externalId: "tg-accept-1",
      description: "Яма на дорозі біля школи",
      categoryCode: "roads.pothole",
      address: "вул. Банківська, 1",
    });
    expect(r.number).toMatch(/^SLV-\d{4}-\d{6}$/);
    const waiting = await getDb().request.findUniqueOrThrow({ where: { id: r.id }, select: { routed: true, status: true, number: true } });
    expect(waiting).toEqual({ routed: false, status: "NEW", number: r.number });
    // The same delivery again is the same request.
    expect(
      (
        await acceptRequest({
          channel: "TELEGRAM",
          externalId: "tg-accept-1",
          description: "Яма на дорозі біля школи",
          categoryCode: "roads.pothole",
          address: "вул. Банківська, 1",
        })
      ).id,
    ).toBe(r.id);
    await routeRequest({ requestId: r.id });
    const done = await getDb().request.findUniqueOrThrow({
      where: { id: r.id },
      select: { routed: true, intake: true, dueAt: true, events: { select: { type: true }, orderBy: { id: "asc" } } },
    });
    expect(done.routed).toBe(true);
    expect(done.intake).toBeNull();
    expect(done.dueAt).not.toBeNull();
    expect(done.events.map((e) => e.type)).toEqual(["received", expect.stringMatching(/^(routed|triage)$/), "deadlines-set"]);
  });
});
