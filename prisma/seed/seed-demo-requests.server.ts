// DEMO ONLY: a few hundred realistic requests, made through the same core functions as
// real ones (submitRequest, transitionRequest), so numbers, routing, deadlines, events
// and notifications are all genuine. Deterministic for a given seed and `now`.
import type { Channel, RequestStatus, ResultCode } from "#app/generated/prisma/enums.ts";
import { submitRequest, type SubmitRequestInput } from "#app/domain/requests/submit-request.server.ts";
import { transitionRequest } from "#app/domain/requests/transition-request.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { DEMO_STAFF } from "#app/domain/staff/demo-staff.ts";
import {
  BENEFICIARY_CATEGORIES,
  DESCRIPTIONS,
  FEMALE,
  MALE,
  PUBLIC_ANSWERS,
  QUESTIONS,
  REJECT_NOTES,
  RETURN_NOTES,
  SURNAMES,
  UNCATEGORISED,
} from "./demo-texts.ts";
import { createRandom, type Random } from "./random.ts";
import { DISTRICTS, flattenCategories, type ExtraQuestion, type SeedCategory } from "./sloviansk.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const CHANNELS: [Channel, number][] = [
  ["WEB", 34],
  ["TELEGRAM", 24],
  ["PHONE_OPERATOR", 20],
  ["SMS", 8],
  ["VOICE", 5],
  ["OPEN311", 5],
  ["EMAIL", 4],
];

// Late November: the heating season has just started and brings most of the load.
const GROUP_WEIGHTS: Record<string, number> = {
  heating: 4,
  water: 2.5,
  lighting: 1.6,
  housing: 1.6,
  roads: 1.2,
  waste: 1.5,
  transport: 0.6,
  animals: 0.7,
  "civil-protection": 0.9,
  social: 0.9,
  "admin-services": 0.5,
  appeals: 0.7,
  emergency: 0.15,
};

type Leaf = SeedCategory & { parentCode: string | null };

export type Plan = {
  index: number;
  receivedAt: Date;
  input: SubmitRequestInput;
  leaf: Leaf | null;
  hasContact: boolean;
};

export type SeedDemoRequestsResult = { created: number; byStatus: Partial<Record<RequestStatus, number>> };

/**
 * Submits `count` demo requests received over the `days` before `now`, then moves part of
 * them along the lifecycle (older ones further) as the executor's demo staff would.
 */
export async function seedDemoRequests(options: { count?: number; days?: number; now?: Date; seed?: number } = {}): Promise<SeedDemoRequestsResult> {
  const count = options.count ?? 300;
  const days = options.days ?? 60;
  const now = options.now ?? new Date();
  const seed = options.seed ?? DEFAULT_DEMO_SEED;
  // Separate streams: planning stays the same whatever the lifecycle steps draw.
  const random = createRandom(seed + 1);

  const activeCodes = new Set((await getDb().category.findMany({ where: { active: true }, select: { code: true } })).map((c) => c.code));
  const actors = await loadActors();
  const plans = planDemoRequests({ count, days, now, seed, categoryCodes: activeCodes });

  const byStatus: Partial<Record<RequestStatus, number>> = {};
  let created = 0;
  for (const plan of plans) {
    const result = await submitRequest(plan.input);
    if (result.created) created++;
    const status = await advance({ random, plan, now, actors, requestId: result.request.id, status: result.request.status as RequestStatus });
    byStatus[status] = (byStatus[status] ?? 0) + 1;
  }
  return { created, byStatus };
}

export const DEFAULT_DEMO_SEED = 20261126;

/**
 * What would be submitted, oldest first (so public numbers grow with time): pure and
 * deterministic for the same options. `categoryCodes` limits it to categories that exist.
 */
export function planDemoRequests(options: { count: number; days: number; now: Date; seed: number; categoryCodes?: Set<string> }): Plan[] {
  const random = createRandom(options.seed);
  const leaves = flattenCategories().filter((c) => c.children.length === 0 && (!options.categoryCodes || options.categoryCodes.has(c.code)));
  const plans: Plan[] = [];
  for (let index = 0; index < options.count; index++)
    plans.push(planRequest({ random, index, now: options.now, days: options.days, leaves, seed: options.seed }));
  return plans.sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime());
}

type Actors = { byDepartmentId: Map<string, string>; fallbackId: string | null };

async function loadActors(): Promise<Actors> {
  const staff = await getDb().staffUser.findMany({
    where: { email: { in: DEMO_STAFF.map((s) => s.email) }, active: true },
    select: { id: true, role: true, departmentId: true },
  });
  const byDepartmentId = new Map<string, string>();
  for (const s of staff) if (s.departmentId && s.role === "DEPARTMENT_OFFICER") byDepartmentId.set(s.departmentId, s.id);
  return { byDepartmentId, fallbackId: staff.find((s) => s.role === "SUPERVISOR")?.id ?? null };
}

function planRequest(options: { random: Random; index: number; now: Date; days: number; leaves: Leaf[]; seed: number }): Plan {
  const { random, index, now, days, leaves } = options;

  // Spread over the period, more during the day (07–22 Kyiv ≈ 05–20 UTC), fewer at night.
  const day = Math.floor(random.next() * days);
  const hourUtc = random.chance(0.85) ? random.int(5, 19) : random.int(0, 23);
  const receivedAt = new Date(Math.floor((now.getTime() - day * DAY) / DAY) * DAY + hourUtc * HOUR + random.int(0, 59) * 60_000);
  if (receivedAt >= now) receivedAt.setTime(now.getTime() - random.int(5, 300) * 60_000);

  const leaf = random.chance(0.05) ? null : random.weighted(leaves.map((l) => [l, GROUP_WEIGHTS[l.parentCode ?? ""] ?? 1] as const));
  const channel = random.weighted(CHANNELS);

  // Where: a point inside a district (sometimes just outside the city), and an address.
  const district = random.pick(DISTRICTS);
  const [minLon, minLat, maxLon, maxLat] = districtRect(district.code);
  const outside = random.chance(0.03);
  const location = outside
    ? { lat: 48.75 + random.next() * 0.03, lon: 37.45 + random.next() * 0.05 }
    : { lat: round(minLat + random.next() * (maxLat - minLat)), lon: round(minLon + random.next() * (maxLon - minLon)) };
  const address = `${random.pick(district.streets)}, ${random.int(1, 120)}`;
  const hasPlace = leaf?.requiresLocation || random.chance(0.7);

  // Who: appeals and services need a named citizen; others are anonymous now and then.
  const needsCitizen = leaf ? !leaf.allowsAnonymous : false;
  const anonymous = !needsCitizen && random.chance(channel === "OPEN311" ? 0.5 : 0.2);
  const registerAsAppeal = leaf ? leaf.statutoryApplies || (!anonymous && random.chance(0.05)) : false;
  const citizen = anonymous ? null : makeCitizen({ random, index, seed: options.seed, address });

  const template = random.pick(leaf ? (DESCRIPTIONS[leaf.code] ?? UNCATEGORISED) : UNCATEGORISED);
  const description = fill(template, { address, n: String(random.int(2, 9)), route: String(random.int(1, 12)) });

  const input: SubmitRequestInput = {
    channel,
    externalId: `demo-${options.seed}-${index}`,
    description,
    categoryCode: leaf?.code ?? null,
    location: hasPlace ? location : null,
    address: hasPlace ? address : null,
    answers: leaf ? answerQuestions({ random, questions: leaf.extraQuestions }) : {},
    citizen,
    appeal: registerAsAppeal
      ? {
          kind:
            leaf?.code === "appeals.proposal" ? "PROPOSAL" : leaf?.code === "appeals.staff-complaint" || !leaf?.statutoryApplies ? "COMPLAINT" : "APPLICATION",
        }
      : null,
    receivedAt,
    language: "uk",
    // Some residents agree to publish their words and the exact place; a few ask to stay out
    // of public view (decided by the index, so the random stream of the plan is unchanged).
    publishConsent: index % 3 === 0,
    isPrivate: index % 17 === 5,
  };
  return { index, receivedAt, input, leaf, hasContact: citizen !== null };
}

function makeCitizen(options: { random: Random; index: number; seed: number; address: string }): NonNullable<SubmitRequestInput["citizen"]> {
  const { random, index } = options;
  const [first, patronymic] = random.chance(0.55) ? random.pick(FEMALE) : random.pick(MALE);
  const surname = random.pick(SURNAMES);
  const beneficiary = random.chance(0.08);
  return {
    fullName: `${surname} ${first} ${patronymic}`,
    // Demo contacts are e-mail addresses on a non-existent domain only: no phone numbers or
    // Telegram chats, so a configured SMS/Telegram sender can never message a real person.
    email: `resident.${options.seed}.${index}@slv.demo`,
    residence: `м. Слов'янськ, ${options.address}, кв. ${random.int(1, 90)}`,
    isBeneficiary: beneficiary,
    beneficiaryCategory: beneficiary ? random.pick(BENEFICIARY_CATEGORIES) : undefined,
    language: "uk",
    consent: true,
  };
}

function answerQuestions(options: { random: Random; questions: ExtraQuestion[] }): Record<string, unknown> {
  const answers: Record<string, unknown> = {};
  for (const q of options.questions) {
    if (!q.variable || (!q.required && options.random.chance(0.4))) continue;
    if (q.values?.length) answers[q.code] = options.random.pick(q.values).key;
    else if (q.datatype === "number") answers[q.code] = q.code === "temperature" ? options.random.int(11, 17) : options.random.int(2, 8);
    else answers[q.code] = String(options.random.int(1, 12));
  }
  return answers;
}

/**
 * Moves a freshly submitted (and routed) request towards a status that fits its age:
 * most requests older than three weeks are resolved or closed, the newest mostly open.
 */
async function advance(options: { random: Random; plan: Plan; now: Date; actors: Actors; requestId: string; status: RequestStatus }): Promise<RequestStatus> {
  const { random, plan, now, requestId } = options;
  let status = options.status;
  const row = await getDb().request.findUniqueOrThrow({ where: { id: requestId }, select: { departmentId: true } });
  const actorId = (row.departmentId && options.actors.byDepartmentId.get(row.departmentId)) || options.actors.fallbackId;
  const actor = actorId ? ({ type: "STAFF", id: actorId } as const) : ({ type: "SYSTEM" } as const);

  const ageDays = (now.getTime() - plan.receivedAt.getTime()) / DAY;
  let at = plan.receivedAt.getTime();
  const step = async (to: RequestStatus, extra: { resultCode?: ResultCode; publicAnswer?: string; note?: string; question?: string } = {}) => {
    // Each step a little later than the last, never in the future.
    at = Math.min(at + random.int(30, Math.max(60, Math.round(ageDays * 12 * 60))) * 60_000, now.getTime() - 60_000);
    await transitionRequest({ requestId, to, actor, now: new Date(at), ...extra });
    status = to;
  };

  if (status === "NEW") {
    // Unrouted (no category or outside every rule): waits in triage; a few are rejected.
    if (ageDays > 3 && random.chance(0.3)) await step("REJECTED", { note: random.pick(REJECT_NOTES) });
    return status;
  }
  if (status !== "ASSIGNED") return status;

  if (plan.leaf?.isAdminService) {
    if (random.chance(0.6)) {
      await step("HANDED_OFF", { note: "Передано до ЦНАП / iGov для надання послуги." });
      if (ageDays > 10 && random.chance(0.7)) await step("CLOSED");
    }
    return status;
  }

  const finished = random.chance(Math.min(0.9, ageDays / 25));
  if (finished) {
    if (random.chance(0.08)) {
      await step("REJECTED", { note: random.pick(REJECT_NOTES) });
      return status;
    }
    await step("IN_PROGRESS");
    const group = plan.leaf?.parentCode ?? "default";
    const explanation = group === "appeals" || group === "social";
    await step("RESOLVED", {
      resultCode: explanation ? (random.chance(0.7) ? "EXPLANATION_GIVEN" : "RESOLVED_POSITIVELY") : "RESOLVED_POSITIVELY",
      publicAnswer: random.pick(PUBLIC_ANSWERS[group] ?? PUBLIC_ANSWERS.default!),
    });
    // The centre calls back to confirm before closing; the most recent wait for that call.
    if (ageDays > 5 && random.chance(0.7)) await step("CLOSED");
    return status;
  }

  const open = random.weighted<"stay" | "work" | "ask" | "return">([
    ["stay", 40],
    ["work", 42],
    ["ask", plan.hasContact ? 9 : 0],
    ["return", 6],
  ]);
  if (open === "work") await step("IN_PROGRESS");
  else if (open === "ask") await step("WAITING_CITIZEN", { question: random.pick(QUESTIONS) });
  else if (open === "return") await step("RETURNED", { note: random.pick(RETURN_NOTES) });
  return status;
}

function districtRect(code: string): [number, number, number, number] {
  const d = DISTRICTS.find((x) => x.code === code)!;
  // Semenivka is L-shaped: use its southern band, which is a plain rectangle.
  if (code === "semenivka") return [37.585, 48.81, 37.68, 48.84];
  const ring = d.geometry.coordinates[0]!;
  const lons = ring.map((p) => p[0]);
  const lats = ring.map((p) => p[1]);
  return [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)];
}

function round(x: number) {
  return Math.round(x * 1e6) / 1e6;
}

function fill(template: string, params: Record<string, string>) {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => params[k] ?? "");
}
