// Routing of accepted requests in sets. A door's accept is one INSERT of the request with
// its number, text and place, and `intake` holding what routing still has to act on (the
// citizen's contact, an appeal's legal fields, who registered it). This turns a set of such
// rows into routed requests in their final state: the citizen linked, district, outage,
// department and co-executors, status, deadlines and the first notifications — reading the
// reference data from memory (reference-data.server.ts) and writing each kind of row in one
// statement for the whole set.
import { randomUUID } from "node:crypto";
import { Prisma } from "#app/generated/prisma/client.ts";
import type { Channel, RequestStatus, StatutoryTerm } from "#app/generated/prisma/enums.ts";
import { toKyivIso } from "#app/domain/calendar/kyiv-time.ts";
import { findOrCreateProvenCitizen, type ContactAddress } from "#app/domain/citizens/find-citizen-by-contact.server.ts";
import { deadlineSpecs } from "#app/domain/deadlines/compute-request-deadlines.server.ts";
import { recordNotificationsForMany, type NotificationChange } from "#app/domain/notifications/record-notifications.server.ts";
import { pickActiveOutage } from "#app/domain/outages/find-active-outage.server.ts";
import { getDb, type Tx } from "#app/utils/db.server.ts";
import { createLogger } from "#app/utils/logger.server.ts";
import { emptyFollowups, enqueueFollowups, type Followups } from "./after-commit.server.ts";
import { districtAt, getReferenceData, lineageOf, routeIn, termCalendarIn, type ReferenceData } from "./reference-data.server.ts";
import { ANSWERED_STATUSES } from "./status-machine.ts";

const log = createLogger("domain");

/** What a door hands to routing beside the request row (Request.intake), as JSON. */
export type IntakePayload = {
  citizen: {
    fullName?: string;
    /** Normalised (E.164). */
    phone?: string;
    email?: string;
    residence?: string;
    isBeneficiary?: boolean;
    beneficiaryCategory?: string;
    language?: "uk" | "en";
    identity?: ContactAddress;
    consent?: boolean;
  } | null;
  appeal: {
    kind: "PROPOSAL" | "APPLICATION" | "COMPLAINT";
    subject?: "INDIVIDUAL" | "COLLECTIVE";
    authorCategories?: string[];
    statutoryTerm?: StatutoryTerm;
  } | null;
  actor: { type: "STAFF"; id: string } | null;
  doorSendsReceipt: boolean;
};

/** An accepted request as routing reads it. */
export type AcceptedRow = {
  id: string;
  number: string;
  channel: Channel;
  categoryId: string | null;
  lat: number | null;
  lon: number | null;
  receivedAt: Date;
  intake: IntakePayload;
};

export type RoutedOutcome = {
  id: string;
  number: string;
  status: RequestStatus;
  departmentId: string | null;
  categoryId: string | null;
  districtId: string | null;
  dueAt: Date | null;
  outageId: string | null;
  isAppeal: boolean;
  isAnonymous: boolean;
  receiptType: "PRIMARY" | "REPEATED";
  outage: { id: string; titleUk: string; titleEn: string | null; causeUk: string; causeEn: string | null; plannedEndAt: Date | null } | null;
};

const CLAIM_COLUMNS = Prisma.sql`id::text AS id, number, channel::text AS channel, "categoryId"::text AS "categoryId", lat, lon, "receivedAt", intake`;

/**
 * The routing worker's step: claims up to `limit` accepted requests nobody else holds
 * (in the order they were accepted, on the (routed, createdAt) index; `first` before the rest when given), routes them in one transaction and
 * wakes their notifications and deadline jobs. Returns the ids it routed. A set that fails
 * as a whole is retried one request at a time, so one bad row holds up only itself.
 */
export async function routeAccepted(options: { limit?: number; first?: string } = {}): Promise<string[]> {
  const limit = options.limit ?? 100;
  const ref = await getReferenceData();
  const followups = emptyFollowups();
  let claimedIds: string[] = [];
  try {
    const outcomes = await getDb().$transaction(async (tx) => {
      // The one asked about (when free), then the oldest others, each on the (routed, createdAt) index.
      const asked = options.first
        ? await tx.$queryRaw<AcceptedRow[]>`
            SELECT ${CLAIM_COLUMNS} FROM "Request"
            WHERE id = ${options.first}::uuid AND routed = false AND intake IS NOT NULL FOR UPDATE SKIP LOCKED`
        : [];
      const others = await tx.$queryRaw<AcceptedRow[]>`
        SELECT ${CLAIM_COLUMNS} FROM "Request"
        WHERE routed = false AND intake IS NOT NULL AND id <> ${options.first ?? "00000000-0000-0000-0000-000000000000"}::uuid
        ORDER BY "createdAt" LIMIT ${limit - asked.length} FOR UPDATE SKIP LOCKED`;
      const rows = [...asked, ...others];
      claimedIds = rows.map((r) => r.id);
      return routeAcceptedWithin({ tx, ref, rows, followups });
    });
    await enqueueFollowups(followups);
    return outcomes.map((o) => o.id);
  } catch (e) {
    if (claimedIds.length <= 1) throw e;
    log.warn("routing a set failed; routing its requests one at a time", { count: claimedIds.length, error: (e as Error).message });
    const routed: string[] = [];
    for (const id of claimedIds) {
      try {
        if (await routeAcceptedOne({ id })) routed.push(id);
      } catch (one) {
        log.error("routing an accepted request failed; the re-drive sweep tries it again", { requestId: id, error: (one as Error).message });
      }
    }
    return routed;
  }
}

/** Routes one accepted request (waiting for whoever holds it); false when it was routed already. */
async function routeAcceptedOne(options: { id: string }): Promise<boolean> {
  const ref = await getReferenceData();
  const followups = emptyFollowups();
  const outcomes = await getDb().$transaction(async (tx) => {
    const rows = await tx.$queryRaw<AcceptedRow[]>`
      SELECT ${CLAIM_COLUMNS} FROM "Request" WHERE id = ${options.id}::uuid AND routed = false AND intake IS NOT NULL FOR UPDATE`;
    return routeAcceptedWithin({ tx, ref, rows, followups });
  });
  await enqueueFollowups(followups);
  return outcomes.length > 0;
}

/**
 * Routes the given accepted rows inside the caller's transaction, which must hold their
 * row locks. Per request it reads only what cannot be known in advance (the citizen behind
 * a contact, an outage in force, an appeal's earlier answered ones); everything else comes
 * from the reference data, and each kind of row is written once for the whole set.
 */
export async function routeAcceptedWithin(options: { tx: Tx; ref: ReferenceData; rows: AcceptedRow[]; followups: Followups }): Promise<RoutedOutcome[]> {
  const { tx, ref, rows, followups } = options;
  if (!rows.length) return [];
  const now = new Date();
  const at = now.getTime();
  // Outages in force in the set's districts at any of its receipt times, read once for the set.
  const districtOf = new Map(rows.map((r) => [r.id, r.lat !== null && r.lon !== null ? districtAt(ref, { lat: r.lat, lon: r.lon }) : null]));
  const districtIds = [...new Set([...districtOf.values()].filter((d): d is string => d !== null))];
  const received = rows.map((r) => r.receivedAt.getTime());
  const outages = districtIds.length
    ? await tx.outage.findMany({
        where: {
          districtId: { in: districtIds },
          startsAt: { lte: new Date(Math.max(...received)) },
          OR: [{ endedAt: null }, { endedAt: { gt: new Date(Math.min(...received)) } }],
        },
        orderBy: { startsAt: "desc" },
        include: { categories: { select: { categoryId: true } } },
      })
    : [];
  // The citizens behind the doors' own proven addresses (a chat, a number that texted), read once for the set.
  const withIdentity = rows.flatMap((r) => (r.intake.citizen?.identity ? [r.intake.citizen.identity] : []));
  const knownRows = withIdentity.length
    ? await tx.$queryRaw<(KnownCitizen & { channel: string; externalId: string; verified: boolean })[]>`
        SELECT ci.channel::text AS channel, ci."externalId", ci."verifiedAt" IS NOT NULL AS verified, c.id::text AS "citizenId", c.phone,
               c."isBeneficiary", c.language, c."fullName", c.email, c.residence, c."beneficiaryCategory"
        FROM "ChannelIdentity" ci JOIN "Citizen" c ON c.id = ci."citizenId"
        WHERE (ci.channel::text, ci."externalId") IN (SELECT * FROM unnest(${withIdentity.map((i) => i.channel)}::text[], ${withIdentity.map((i) => i.externalId)}::text[]))`
    : [];
  const known = new Map(knownRows.filter((k) => k.verified).map((k) => [`${k.channel}:${k.externalId}`, k]));
  // Chats and numbers never seen before: their citizens are made for the whole set at once.
  const created = await createNewCitizens({ tx, rows, seen: new Set(knownRows.map((k) => `${k.channel}:${k.externalId}`)), now });
  const plans = [];
  for (const row of rows) {
    const p = row.intake;
    const identity = p.citizen?.identity;
    const citizen =
      created.get(row.id) ?? (await resolveCitizen({ tx, intake: p, known: identity ? known.get(`${identity.channel}:${identity.externalId}`) : undefined }));
    // A request that taught something about its citizen leaves the next one in the set to read them afresh.
    if (citizen?.changed && identity) known.delete(`${identity.channel}:${identity.externalId}`);
    const citizenId = citizen?.id ?? null;
    const category = row.categoryId ? (ref.categoryById.get(row.categoryId) ?? null) : null;
    const point = row.lat !== null && row.lon !== null ? { lat: row.lat, lon: row.lon } : null;
    const districtId = districtOf.get(row.id) ?? null;
    const outage =
      category && districtId && outages.length
        ? pickActiveOutage({ outages, lineage: new Set(lineageOf(ref, category.id)), districtId, point, at: row.receivedAt })
        : null;
    const phone = p.citizen?.phone;
    const appealContact = phone ?? p.citizen?.email ?? (p.citizen?.identity ? `${p.citizen.identity.channel}:${p.citizen.identity.externalId}` : "");
    // A repeated appeal (classifier 858) is told apart for staff by its author or by the
    // same contact named again; it links nothing to anyone.
    const earlier =
      p.appeal && category
        ? await tx.request.findMany({
            where: {
              categoryId: category.id,
              status: { in: [...ANSWERED_STATUSES] },
              OR: [...(citizenId ? [{ citizenId }] : []), { appeal: { contact: appealContact } }],
            },
            select: { id: true },
            take: 10,
          })
        : [];
    const route = routeIn(ref, { categoryId: category?.id ?? null, districtId });
    const status: RequestStatus = route ? "ASSIGNED" : "NEW";
    const statutoryTerm = p.appeal ? (p.appeal.statutoryTerm ?? category?.statutoryTerm ?? "MONTH_1") : null;
    const { regime, calendar } = await termCalendarIn(ref, row.receivedAt, tx);
    const specs = deadlineSpecs({
      request: { receivedAt: row.receivedAt, isAppeal: Boolean(p.appeal), category, appeal: p.appeal ? { statutoryTerm, extendedUntil: null } : null },
      calendar,
      settings: ref.settings,
    });
    const earliest = (kinds: (k: string) => boolean) =>
      specs.filter((s) => kinds(s.kind)).reduce<Date | null>((min, s) => (!min || s.dueAt < min ? s.dueAt : min), null);
    const dueAt = earliest(() => true);
    plans.push({
      row,
      citizenId,
      isAnonymous: !citizenId,
      isBeneficiary: Boolean(p.citizen?.isBeneficiary || citizen?.isBeneficiary),
      receiptType: (earlier.length ? "REPEATED" : "PRIMARY") as "PRIMARY" | "REPEATED",
      earlier: earlier.map((e) => e.id),
      districtId,
      outage,
      route,
      status,
      statutoryTerm,
      appealContact,
      regime,
      specs,
      dueAt,
      // The citizen is told the earliest real term, never the contact centre's own term to categorise.
      citizenDueAt: category ? dueAt : earliest((k) => k !== "TRIAGE"),
    });
  }

  // The request rows in their final state, in one statement.
  await tx.$executeRaw`
    UPDATE "Request" AS r SET
      "citizenId" = v.citizen_id::uuid,
      "isAnonymous" = v.is_anonymous,
      "isBeneficiary" = v.is_beneficiary,
      "receiptType" = v.receipt_type::"ReceiptType",
      "districtId" = v.district_id::uuid,
      "outageId" = v.outage_id::uuid,
      "departmentId" = COALESCE(v.department_id::uuid, r."departmentId"),
      status = v.status::"RequestStatus",
      "dueAt" = v.due_at::timestamptz,
      routed = true,
      intake = NULL,
      "updatedAt" = ${now}
    FROM unnest(
      ${plans.map((x) => x.row.id)}::text[],
      ${plans.map((x) => x.citizenId)}::text[],
      ${plans.map((x) => x.isAnonymous)}::boolean[],
      ${plans.map((x) => x.isBeneficiary)}::boolean[],
      ${plans.map((x) => x.receiptType)}::text[],
      ${plans.map((x) => x.districtId)}::text[],
      ${plans.map((x) => x.outage?.id ?? null)}::text[],
      ${plans.map((x) => x.route?.departmentId ?? null)}::text[],
      ${plans.map((x) => x.status)}::text[],
      ${plans.map((x) => x.dueAt?.toISOString() ?? null)}::text[]
    ) AS v(id, citizen_id, is_anonymous, is_beneficiary, receipt_type, district_id, outage_id, department_id, status, due_at)
    WHERE r.id = v.id::uuid`;

  const appeals = plans.filter((x) => x.row.intake.appeal);
  if (appeals.length) {
    await tx.appeal.createMany({
      data: appeals.map((x) => {
        const { appeal, citizen } = x.row.intake;
        return {
          requestId: x.row.id,
          kind: appeal!.kind,
          subject: appeal!.subject ?? "INDIVIDUAL",
          receiptForm: x.row.channel,
          fullName: citizen!.fullName!,
          residence: citizen!.residence!,
          contact: x.appealContact,
          authorCategories: appeal!.authorCategories ?? [],
          statutoryTerm: x.statutoryTerm!,
          isRepeated: x.earlier.length > 0,
          linkedRequestIds: x.earlier,
        };
      }),
    });
  }

  const coExecutors = plans.flatMap((x) => (x.route?.coDepartmentIds ?? []).map((departmentId) => ({ requestId: x.row.id, departmentId })));
  if (coExecutors.length) await tx.requestCoExecutor.createMany({ data: coExecutors, skipDuplicates: true });

  // The timeline, in the order things happened (one statement gives one default time, so each row carries its own).
  const events: Prisma.RequestEventCreateManyInput[] = [];
  const stamp = () => new Date(at + events.length);
  for (const x of plans) {
    const { row } = x;
    const actor = row.intake.actor;
    events.push({
      requestId: row.id,
      type: "received",
      actorType: actor ? "STAFF" : "CITIZEN",
      actorId: actor?.id,
      toStatus: "NEW",
      isPublic: true,
      data: { channel: row.channel, isAppeal: Boolean(row.intake.appeal), repeatedOf: x.earlier },
      createdAt: stamp(),
    });
    if (x.outage)
      events.push({ requestId: row.id, type: "outage-linked", actorType: "SYSTEM", isPublic: true, data: { outageId: x.outage.id }, createdAt: stamp() });
    events.push({
      requestId: row.id,
      type: x.route ? "routed" : "triage",
      actorType: "SYSTEM",
      isPublic: Boolean(x.route),
      fromStatus: "NEW",
      toStatus: x.status,
      data: x.route
        ? { departmentId: x.route.departmentId, coDepartmentIds: x.route.coDepartmentIds, ruleId: x.route.ruleId, districtId: x.districtId }
        : { reason: row.categoryId ? "no-matching-rule" : "no-category", districtId: x.districtId },
      createdAt: stamp(),
    });
    if (x.specs.length)
      events.push({
        requestId: row.id,
        type: "deadlines-set",
        actorType: "SYSTEM",
        // The centre's term to categorise is its own: the citizen is told of real terms only.
        isPublic: x.specs.some((d) => d.kind !== "TRIAGE"),
        data: { regime: x.regime, deadlines: x.specs.map((d) => ({ kind: d.kind, label: d.label, dueAt: toKyivIso(d.dueAt) })) },
        createdAt: stamp(),
      });
  }
  // One statement for the set's events: Prisma's createMany spends more CPU building hundreds of rows than the database spends writing them.
  const written = await tx.$queryRaw<{ id: bigint; requestId: string; type: string }[]>`
    INSERT INTO "RequestEvent" ("requestId", type, "actorType", "actorId", "fromStatus", "toStatus", "isPublic", data, "createdAt")
    SELECT e.request_id::uuid, e.type, e.actor_type::"ActorType", e.actor_id, e.from_status::"RequestStatus", e.to_status::"RequestStatus",
           e.is_public, e.data::jsonb, e.created_at::timestamptz
    FROM unnest(
      ${events.map((e) => e.requestId)}::text[],
      ${events.map((e) => e.type)}::text[],
      ${events.map((e) => e.actorType)}::text[],
      ${events.map((e) => e.actorId ?? null)}::text[],
      ${events.map((e) => e.fromStatus ?? null)}::text[],
      ${events.map((e) => e.toStatus ?? null)}::text[],
      ${events.map((e) => e.isPublic ?? false)}::boolean[],
      ${events.map((e) => JSON.stringify(e.data ?? {}))}::text[],
      ${events.map((e) => (e.createdAt as Date).toISOString())}::text[]
    ) AS e(request_id, type, actor_type, actor_id, from_status, to_status, is_public, data, created_at)
    RETURNING id, "requestId"::text AS "requestId", type`;
  const eventIds = new Map(written.map((e) => [`${e.requestId}:${e.type}`, e.id]));
  const eventId = (requestId: string, type: string) => eventIds.get(`${requestId}:${type}`);

  // One statement for the set's deadlines too, back with what their wake-ups need.
  const terms = plans.flatMap((x) => x.specs.map((spec) => ({ requestId: x.row.id, ...spec })));
  if (terms.length) {
    const deadlines = await tx.$queryRaw<Followups["deadlines"]>`
      INSERT INTO "Deadline" ("requestId", kind, label, "startedAt", "dueAt", "warnAt", "createdAt")
      SELECT d.request_id::uuid, d.kind::"DeadlineKind", d.label, d.started_at::timestamptz, d.due_at::timestamptz, d.warn_at::timestamptz, ${now}
      FROM unnest(
        ${terms.map((d) => d.requestId)}::text[],
        ${terms.map((d) => d.kind)}::text[],
        ${terms.map((d) => d.label)}::text[],
        ${terms.map((d) => d.startedAt.toISOString())}::text[],
        ${terms.map((d) => d.dueAt.toISOString())}::text[],
        ${terms.map((d) => d.warnAt.toISOString())}::text[]
      ) AS d(request_id, kind, label, started_at, due_at, warn_at)
      RETURNING id::text AS id, active, "warnAt", "dueAt", warned, breached`;
    followups.deadlines.push(...deadlines);
  }

  const changes: NotificationChange[] = [];
  for (const x of plans) {
    const { row } = x;
    if (x.route) {
      const department = ref.departmentById.get(x.route.departmentId)!;
      changes.push({
        requestId: row.id,
        template: "routed",
        params: { departmentUk: department.nameUk, departmentEn: department.nameEn },
        eventKey: `event:${eventId(row.id, "routed")}`,
      });
    }
    if (!row.intake.doorSendsReceipt)
      changes.push({
        requestId: row.id,
        template: "received",
        params: { dueDate: x.citizenDueAt?.toISOString() ?? null },
        eventKey: `event:${eventId(row.id, "received")}`,
      });
    if (x.outage)
      changes.push({
        requestId: row.id,
        template: "outageLinked",
        params: { cause: x.outage.causeUk, causeEn: x.outage.causeEn ?? x.outage.causeUk, plannedEnd: x.outage.plannedEndAt?.toISOString() ?? null },
        eventKey: `outage:${x.outage.id}:${row.id}`,
      });
  }
  const notes = await recordNotificationsForMany({ tx, changes });
  followups.notificationIds.push(...notes.map((n) => n.id));

  return plans.map((x) => ({
    id: x.row.id,
    number: x.row.number,
    status: x.status,
    departmentId: x.route?.departmentId ?? null,
    categoryId: x.row.categoryId,
    districtId: x.districtId,
    dueAt: x.dueAt,
    outageId: x.outage?.id ?? null,
    isAppeal: Boolean(x.row.intake.appeal),
    isAnonymous: x.isAnonymous,
    receiptType: x.receiptType,
    outage: x.outage
      ? {
          id: x.outage.id,
          titleUk: x.outage.titleUk,
          titleEn: x.outage.titleEn,
          causeUk: x.outage.causeUk,
          causeEn: x.outage.causeEn,
          plannedEndAt: x.outage.plannedEndAt,
        }
      : null,
  }));
}

type KnownCitizen = {
  citizenId: string;
  phone: string | null;
  isBeneficiary: boolean;
  language: string;
  fullName: string | null;
  email: string | null;
  residence: string | null;
  beneficiaryCategory: string | null;
};

type ResolvedCitizen = { id: string; isBeneficiary: boolean; changed: boolean };
type IntakeCitizen = NonNullable<IntakePayload["citizen"]>;
const addressKey = (a: ContactAddress) => `${a.channel}:${a.externalId}`;

/**
 * The addresses a request proves its citizen by: the door's own identity (the Telegram
 * chat, the number that texted), then a phone a staff member took the call from. A phone
 * typed into a form proves nothing.
 */
function provenAddresses(intake: IntakePayload): { proven: ContactAddress[]; phoneProven: boolean } {
  const c = intake.citizen;
  if (!c) return { proven: [], phoneProven: false };
  const phone = c.phone;
  const proven: ContactAddress[] = [];
  if (c.identity) proven.push(c.identity);
  const phoneProven = Boolean(phone) && (intake.actor?.type === "STAFF" || (c.identity?.channel === "SMS" && c.identity.externalId === phone));
  if (phone && phoneProven && !proven.some((a) => a.channel === "SMS" && a.externalId === phone)) proven.push({ channel: "SMS", externalId: phone });
  return { proven, phoneProven };
}

/**
 * What a request teaches about the citizen who proved it, against what we knew: what it
 * says that differs, the phone when we had none, consent when given. Never blanks out
 * what we knew (a field it leaves out is not learned).
 */
function learnedFrom(c: IntakeCitizen, current: Omit<KnownCitizen, "citizenId">, now: Date): Record<string, unknown> {
  const profile = {
    fullName: c.fullName,
    email: c.email?.toLowerCase(),
    residence: c.residence,
    beneficiaryCategory: c.beneficiaryCategory,
    ...(c.isBeneficiary ? { isBeneficiary: true } : {}),
    ...(c.language ? { language: c.language } : {}),
  };
  const learned: Record<string, unknown> = Object.fromEntries(
    Object.entries(profile).filter(([k, v]) => v !== undefined && v !== current[k as keyof typeof current]),
  );
  if (c.phone && !current.phone) learned.phone = c.phone;
  if (c.consent) Object.assign(learned, { consentAt: now, consentScope: "request-processing" });
  return learned;
}

/**
 * The citizens of the set's chats and numbers never seen before, made in one statement
 * with their verified identities, each with everything the set's requests on that address
 * teach about them (in the set's order, as one request after another would). Only for
 * requests whose one proven address is the door's own; an address another request of the
 * set proves together with a second one (a staff-taken phone), or that someone once typed
 * unproven, goes the one-request way. A routing step that raced us to the same address
 * and won keeps it: our citizen for it is removed and its requests go the one-request way,
 * which finds the winner. Returns the citizen of each request it resolved, by request id.
 */
async function createNewCitizens(options: { tx: Tx; rows: AcceptedRow[]; seen: Set<string>; now: Date }): Promise<Map<string, ResolvedCitizen>> {
  const { tx, rows, seen, now } = options;
  const groups = new Map<string, { identity: ContactAddress; rows: AcceptedRow[] }>();
  const elsewhere = new Set<string>();
  for (const row of rows) {
    const { proven } = provenAddresses(row.intake);
    const identity = row.intake.citizen?.identity;
    if (!identity || proven.length !== 1) {
      for (const a of proven) elsewhere.add(addressKey(a));
      continue;
    }
    const key = addressKey(identity);
    if (seen.has(key)) continue;
    const group = groups.get(key) ?? { identity, rows: [] };
    group.rows.push(row);
    groups.set(key, group);
  }
  for (const key of elsewhere) groups.delete(key);
  const resolved = new Map<string, ResolvedCitizen>();
  if (!groups.size) return resolved;

  type NewCitizen = Omit<KnownCitizen, "citizenId"> & { id: string; identity: ContactAddress; consentAt: Date | null; consentScope: string | null };
  const citizens: NewCitizen[] = [];
  // In one order for every routing step, so two steps claiming the same addresses wait on each other rather than deadlock.
  for (const [, group] of [...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const { identity } = group;
    // As findOrCreateProvenCitizen makes it: the number that texted, the language of the first request.
    const citizen: NewCitizen = {
      id: randomUUID(),
      identity,
      phone: identity.channel === "SMS" ? identity.externalId : null,
      language: group.rows[0]!.intake.citizen!.language ?? "uk",
      fullName: null,
      email: null,
      residence: null,
      isBeneficiary: false,
      beneficiaryCategory: null,
      consentAt: null,
      consentScope: null,
    };
    for (const row of group.rows) {
      Object.assign(citizen, learnedFrom(row.intake.citizen!, citizen, now));
      resolved.set(row.id, { id: citizen.id, isBeneficiary: citizen.isBeneficiary, changed: true });
    }
    citizens.push(citizen);
  }
  // The citizens, then their identities (an identity's citizen is checked when the statement ends).
  const claimed = await tx.$queryRaw<{ citizenId: string }[]>`
    WITH made AS (
      INSERT INTO "Citizen" (id, "fullName", phone, email, residence, "isBeneficiary", "beneficiaryCategory", "consentAt", "consentScope", language, "createdAt", "updatedAt")
      SELECT v.id::uuid, v.full_name, v.phone, v.email, v.residence, v.is_beneficiary, v.beneficiary_category, v.consent_at::timestamptz, v.consent_scope, v.language, ${now}, ${now}
      FROM unnest(
        ${citizens.map((c) => c.id)}::text[],
        ${citizens.map((c) => c.fullName)}::text[],
        ${citizens.map((c) => c.phone)}::text[],
        ${citizens.map((c) => c.email)}::text[],
        ${citizens.map((c) => c.residence)}::text[],
        ${citizens.map((c) => c.isBeneficiary)}::boolean[],
        ${citizens.map((c) => c.beneficiaryCategory)}::text[],
        ${citizens.map((c) => c.consentAt?.toISOString() ?? null)}::text[],
        ${citizens.map((c) => c.consentScope)}::text[],
        ${citizens.map((c) => c.language)}::text[]
      ) AS v(id, full_name, phone, email, residence, is_beneficiary, beneficiary_category, consent_at, consent_scope, language)
      RETURNING id
    )
    INSERT INTO "ChannelIdentity" ("citizenId", channel, "externalId", "verifiedAt", "createdAt")
    SELECT v.citizen_id::uuid, v.channel::"Channel", v.external_id, ${now}, ${now}
    FROM unnest(${citizens.map((c) => c.id)}::text[], ${citizens.map((c) => c.identity.channel)}::text[], ${citizens.map((c) => c.identity.externalId)}::text[])
      WITH ORDINALITY AS v(citizen_id, channel, external_id, n)
    ORDER BY v.n
    ON CONFLICT (channel, "externalId") DO NOTHING
    RETURNING "citizenId"::text AS "citizenId"`;
  if (claimed.length < citizens.length) {
    const won = new Set(claimed.map((c) => c.citizenId));
    const lost = citizens.filter((c) => !won.has(c.id)).map((c) => c.id);
    // Another step proved these addresses first: their citizens are the ones, ours would belong to nobody.
    await tx.$executeRaw`DELETE FROM "Citizen" WHERE id = ANY(${lost}::uuid[])`;
    const gone = new Set(lost);
    for (const [rowId, c] of resolved) if (gone.has(c.id)) resolved.delete(rowId);
  }
  return resolved;
}

/**
 * Finds or creates the citizen behind a request. Only proven addresses find an existing
 * citizen (findCitizenByContact): the door's own identity (the Telegram chat, the number
 * that texted) and a phone a staff member took the call from. A phone or e-mail typed into
 * a form proves nothing: it is kept on a citizen record of this report's own, so staff can
 * call back, and never changes or joins the citizen who really owns that contact.
 * `known`: the citizen who proved the door's identity, already read for the whole set.
 */
async function resolveCitizen(options: { tx: Tx; intake: IntakePayload; known?: KnownCitizen }): Promise<ResolvedCitizen | null> {
  const { tx, intake } = options;
  const c = intake.citizen;
  if (!c) return null;
  const phone = c.phone;
  const email = c.email?.toLowerCase();
  const { proven, phoneProven } = provenAddresses(intake);
  if (proven.length) {
    // The door's own address alone, already known to prove this citizen: nothing to find or claim.
    const known = proven.length === 1 ? options.known : undefined;
    const citizenId = known
      ? known.citizenId
      : (await findOrCreateProvenCitizen({ tx, addresses: proven, create: { phone: phoneProven ? phone : null, language: c.language } })).citizenId;
    const current: Omit<KnownCitizen, "citizenId"> =
      known ??
      (await tx.citizen.findUniqueOrThrow({
        where: { id: citizenId },
        select: { phone: true, isBeneficiary: true, language: true, fullName: true, email: true, residence: true, beneficiaryCategory: true },
      }));
    // The person proved who they are: fill in what we learn; never blank out what we knew.
    const learned = learnedFrom(c, current, new Date());
    // A chat or a number that says nothing new about its person (most messages) writes nothing.
    if (Object.keys(learned).length === 0) return { id: citizenId, isBeneficiary: current.isBeneficiary, changed: false };
    const updated = await tx.citizen.update({ where: { id: citizenId }, data: learned, select: { isBeneficiary: true } });
    return { id: citizenId, isBeneficiary: updated.isBeneficiary, changed: true };
  }
  if (!phone && !email && !c.fullName) return null;
  const consent = c.consent ? { consentAt: new Date(), consentScope: "request-processing" } : {};
  const profile = {
    fullName: c.fullName,
    email,
    residence: c.residence,
    beneficiaryCategory: c.beneficiaryCategory,
    ...(c.isBeneficiary ? { isBeneficiary: true } : {}),
    ...(c.language ? { language: c.language } : {}),
  };
  const made = await tx.citizen.create({ data: { ...profile, ...consent, phone }, select: { id: true, isBeneficiary: true } });
  return { id: made.id, isBeneficiary: made.isBeneficiary, changed: true };
}
