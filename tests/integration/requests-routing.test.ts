import { beforeEach, describe, expect, test } from "vitest";
import { rerouteRequest } from "#app/domain/requests/reroute-request.server.ts";
import { returnRequest } from "#app/domain/requests/return-request.server.ts";
import { routeRequest } from "#app/domain/requests/route-request.server.ts";
import { submitRequest } from "#app/domain/requests/submit-request.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { createSmallCity, createStaff, POINTS } from "#tests/factories/org.ts";

let city: Awaited<ReturnType<typeof createSmallCity>>;
beforeEach(async () => {
  await getDb().$executeRawUnsafe(
    `TRUNCATE "Notification","Message","RequestEvent","Deadline","Appeal","RequestCoExecutor","RequestFollower","StaffAlert","Request","ChannelIdentity","Citizen","RoutingRule","OutageCategory","Outage","Category","District","StaffUser","Department","RequestNumberCounter" CASCADE`,
  );
  city = await createSmallCity();
});

const load = (id: string) => getDb().request.findUniqueOrThrow({ where: { id }, include: { coExecutors: true, events: { orderBy: { id: "asc" } } } });

describe("routing", () => {
  test("a subcategory follows its parent's rule, with the rule's co-executors", async () => {
    const r = await submitRequest({ channel: "WEB", description: "Немає води", categoryCode: "water.no-water", location: POINTS.centre });
    const row = await load(r.request.id);
    expect(row.status).toBe("ASSIGNED");
    expect(row.departmentId).toBe(city.water.id);
    expect(row.districtId).toBe(city.centre.id);
    expect(row.coExecutors.map((c) => c.departmentId)).toEqual([city.heating.id]);
    expect(row.events.map((e) => e.type)).toContain("routed");
  });

  test("a district rule applies only inside its district", async () => {
    const inNorth = await submitRequest({ channel: "WEB", description: "Брудний двір", categoryCode: "housing.yard", location: POINTS.north });
    const inCentre = await submitRequest({ channel: "WEB", description: "Брудний двір", categoryCode: "housing.yard", location: POINTS.centre });
    expect((await load(inNorth.request.id)).departmentId).toBe(city.housingNorth.id);
    const centre = await load(inCentre.request.id);
    expect(centre.departmentId).toBeNull();
    expect(centre.status).toBe("NEW");
    expect(centre.routed).toBe(true);
    expect(centre.events.map((e) => e.type)).toContain("triage");
  });

  test("a point on no district goes to triage unless a rule ignores districts", async () => {
    const water = await submitRequest({ channel: "WEB", description: "Немає води", categoryCode: "water.no-water", location: POINTS.nowhere });
    const yard = await submitRequest({ channel: "WEB", description: "Двір", categoryCode: "housing.yard", location: POINTS.nowhere });
    const w = await load(water.request.id);
    expect(w.districtId).toBeNull();
    expect(w.departmentId).toBe(city.water.id);
    const y = await load(yard.request.id);
    expect(y.districtId).toBeNull();
    expect(y.departmentId).toBeNull();
    expect(y.status).toBe("NEW");
  });

  test("a request with no category waits in triage; an operator routes it; routeRequest twice is a no-op", async () => {
    const r = await submitRequest({ channel: "SMS", externalId: "SM-x", description: "Допоможіть", citizen: { phone: "0501112233" } });
    expect((await load(r.request.id)).status).toBe("NEW");
    expect(await routeRequest({ requestId: r.request.id })).toMatchObject({ alreadyRouted: true });
    const operator = await createStaff({ role: "OPERATOR" });
    await rerouteRequest({ requestId: r.request.id, departmentId: city.heating.id, coDepartmentIds: [city.water.id], actor: operator });
    const row = await load(r.request.id);
    expect(row.status).toBe("ASSIGNED");
    expect(row.departmentId).toBe(city.heating.id);
    expect(row.coExecutors.map((c) => c.departmentId)).toEqual([city.water.id]);
    expect(await getDb().notification.count({ where: { requestId: r.request.id, template: "routed" } })).toBe(1);
  });

  test("an unrouted request (e.g. from a crashed worker) is routed by routeRequest", async () => {
    const r = await submitRequest({ channel: "WEB", description: "Немає води", categoryCode: "water.no-water", location: POINTS.centre });
    await getDb().request.update({ where: { id: r.request.id }, data: { routed: false, departmentId: null, status: "NEW" } });
    expect(await routeRequest({ requestId: r.request.id })).toMatchObject({ alreadyRouted: false, routed: true });
    expect((await load(r.request.id)).departmentId).toBe(city.water.id);
  });

  test("'not our competence' returns it to triage with the reason; only the executing department may", async () => {
    const r = await submitRequest({ channel: "WEB", description: "Немає води", categoryCode: "water.no-water", location: POINTS.centre });
    const officer = await createStaff({ role: "DEPARTMENT_OFFICER", departmentId: city.heating.id });
    await expect(returnRequest({ requestId: r.request.id, actorId: officer.id, departmentId: city.heating.id, reason: "Не наше" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    const waterOfficer = await createStaff({ role: "DEPARTMENT_OFFICER", departmentId: city.water.id });
    await expect(returnRequest({ requestId: r.request.id, actorId: waterOfficer.id, departmentId: city.water.id, reason: " " })).rejects.toMatchObject({
      code: "VALIDATION",
      field: "reason",
    });
    await returnRequest({ requestId: r.request.id, actorId: waterOfficer.id, departmentId: city.water.id, reason: "Це мережа підприємства" });
    const row = await load(r.request.id);
    expect(row.status).toBe("RETURNED");
    expect(row.departmentId).toBeNull();
    expect(row.coExecutors).toHaveLength(0);
    const ev = row.events.find((e) => e.type === "returned")!;
    expect(ev.data).toMatchObject({ reason: "Це мережа підприємства", departmentId: city.water.id });
  });
});
