import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Channel } from "#app/generated/prisma/enums.ts";
import { getDb, getPgPool, type Tx } from "#app/utils/db.server.ts";
import { AppError, isNonEmpty, type Problem } from "#app/utils/errors.ts";
import { parseInput } from "#app/utils/parse-input.ts";
import { normalizePhone } from "#app/utils/phone.ts";
import { kyivDateOf } from "#app/domain/calendar/kyiv-time.ts";
import { enqueue } from "#app/jobs/queues.server.ts";
import { deriveAccessToken, hashAccessToken } from "./access-token.server.ts";
import { emptyFollowups, enqueueFollowups } from "./after-commit.server.ts";
import { getReferenceData, type ReferenceData } from "./reference-data.server.ts";
import { requestTextData } from "./request-text.ts";
import { routeAccepted, routeAcceptedWithin, type AcceptedRow, type IntakePayload, type RoutedOutcome } from "./route-accepted.server.ts";

const CHANNELS = [
  "WEB",
  "TELEGRAM",
  "SMS",
  "VOICE",
  "OPEN311",
  "EMAIL",
  "PHONE_OPERATOR",
  "IN_PERSON",
  "POST",
  "OTHER_BODY",
] as const satisfies readonly Channel[];

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .nullable()
    .transform((v) => (v ? v : undefined));

export const SubmitRequestInputSchema = z.object({
  channel: z.enum(CHANNELS),
  /** The door's own id of this delivery; the same one twice gives the same request. */
  externalId: z.string().trim().min(1).max(200).optional().nullable(),
  description: z.string().trim().min(3, "Describe the problem (at least 3 characters)").max(5000),
  categoryCode: optionalText(100),
  location: z
    .object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) })
    .optional()
    .nullable(),
  address: optionalText(500),
  answers: z.record(z.string(), z.unknown()).optional(),
  citizen: z
    .object({
      fullName: optionalText(200),
      phone: optionalText(40),
      email: z
        .string()
        .trim()
        .email()
        .max(200)
        .optional()
        .nullable()
        .or(z.literal("").transform(() => undefined)),
      residence: optionalText(500),
      isBeneficiary: z.boolean().optional(),
      beneficiaryCategory: optionalText(200),
      language: z.enum(["uk", "en"]).optional(),
      /** The sender's address as the door itself proves it (the Telegram chat, the number that texted or called). */
      identity: z.object({ channel: z.enum(CHANNELS), externalId: z.string().trim().min(1).max(200) }).optional(),
      consent: z.boolean().optional(),
    })
    .optional()
    .nullable(),
  appeal: z
    .object({
      kind: z.enum(["PROPOSAL", "APPLICATION", "COMPLAINT"]),
      subject: z.enum(["INDIVIDUAL", "COLLECTIVE"]).optional(),
      authorCategories: z.array(z.string().max(100)).max(20).optional(),
      statutoryTerm: z.enum(["DAYS_15", "MONTH_1"]).optional(),
    })
    .optional()
    .nullable(),
  receivedAt: z.coerce.date().optional(),
  language: z.enum(["uk", "en"]).optional(),
  /** A staff member registering it (a phone appeal taken by an operator). */
  actor: z.object({ type: z.literal("STAFF"), id: z.string().uuid() }).optional(),
  /**
   * The door answers the citizen's message itself (an SMS conversation sends one reply per
   * message it receives, the receipt included): no "received" notice is recorded here.
   */
  doorSendsReceipt: z.boolean().optional(),
  /** The citizen agreed to publish the description, photos and exact place (default: no). */
  publishConsent: z.boolean().optional(),
  /** The citizen (or staff) asked that the request not appear in public at all. */
  isPrivate: z.boolean().optional(),
});

export type SubmitRequestInput = z.input<typeof SubmitRequestInputSchema>;

export type SubmitRequestResult = {
  request: Omit<RoutedOutcome, "outage">;
  accessToken: string;
  /** false when this delivery was seen before and the first result is returned. */
  created: boolean;
  outage: RoutedOutcome["outage"];
};

export type AcceptRequestResult = { id: string; number: string; accessToken: string; created: boolean };

/**
 * A door's accept: checks the input (an appeal's legal fields by Law 393/96 art. 5 among
 * them), and records the request in one INSERT, numbered from the year's sequence, with
 * what routing still has to do kept beside it. Idempotent on (channel, externalId). The
 * request exists, with its number and tracking link, from here on; routing follows in the
 * routing worker (routeAccepted), which a wake-up job is asked to run now.
 */
export async function acceptRequest(input: SubmitRequestInput): Promise<AcceptRequestResult> {
  const ref = await getReferenceData();
  const prepared = prepareAccept(input, ref);
  const row = await insertAccepted(null, prepared);
  if (!row) {
    const existing = await findExisting(prepared);
    return { id: existing.id, number: existing.number, accessToken: deriveAccessToken(existing.id), created: false };
  }
  await enqueue("routing", { requestId: row.id }, { jobId: `rt-${row.id}` });
  return { id: row.id, number: row.number, accessToken: deriveAccessToken(row.id), created: true };
}

/**
 * The one way a request enters the system and is routed at once, from any door that tells
 * the citizen the outcome in its answer: accepts it (as acceptRequest) and routes it in the
 * same transaction (routeAcceptedWithin), so it is linked to its citizen, numbered, linked
 * to a known outage, routed, on its clocks and has its "received" notice, or nothing is kept.
 */
export async function submitRequest(input: SubmitRequestInput): Promise<SubmitRequestResult> {
  const ref = await getReferenceData();
  const prepared = prepareAccept(input, ref);
  const followups = emptyFollowups();
  const outcome = await getDb().$transaction(async (tx) => {
    const row = await insertAccepted(tx, prepared);
    if (!row) return null;
    const [routed] = await routeAcceptedWithin({ tx, ref, rows: [row], followups });
    return routed!;
  });
  if (!outcome) {
    // Seen before (or two deliveries raced and the other won): the first result, routed now if it was not yet.
    const existing = await findExisting(prepared);
    return existingResult(existing.id);
  }
  await enqueueFollowups(followups);
  const { outage, ...request } = outcome;
  return { request, accessToken: deriveAccessToken(outcome.id), created: true, outage };
}

type Prepared = ReturnType<typeof prepareAccept>;

/** Everything a person can be told is wrong with the input, before anything is written. */
function prepareAccept(input: SubmitRequestInput, ref: ReferenceData) {
  const data = parseInput(SubmitRequestInputSchema, input);
  const phone = data.citizen?.phone ? normalizePhone(data.citizen.phone) : undefined;
  if (data.citizen?.phone && !phone) throw new AppError("VALIDATION", "errors:contact.phoneInvalid", { field: "citizen.phone" });

  const category = data.categoryCode ? ref.categoryByCode.get(data.categoryCode) : undefined;
  if (data.categoryCode && (!category || !category.active))
    throw new AppError("VALIDATION", "errors:category.unknown", { field: "categoryCode", params: { code: data.categoryCode } });
  if (category?.requiresLocation && !data.location && !data.address) throw new AppError("VALIDATION", "errors:request.placeRequired", { field: "location" });

  const hasContact = Boolean(phone || data.citizen?.email || data.citizen?.identity);
  if (data.appeal) {
    // Law 393/96 art. 5: full name, place of residence, the substance; an electronic
    // appeal also needs a way to answer. Name every missing field at once.
    const missing: Problem[] = [];
    if (!data.citizen?.fullName) missing.push({ field: "citizen.fullName", key: "errors:appeal.fullNameRequired" });
    if (!data.citizen?.residence) missing.push({ field: "citizen.residence", key: "errors:appeal.residenceRequired" });
    if (!hasContact) missing.push({ field: "citizen.contact", key: "errors:appeal.contactRequired" });
    if (isNonEmpty(missing)) throw AppError.invalid(missing, { missing: missing.map((p) => p.field) });
  }
  const c = data.citizen;
  const intake: IntakePayload = {
    citizen: c
      ? dropUndefined({
          fullName: c.fullName,
          phone: phone ?? undefined,
          email: c.email ?? undefined,
          residence: c.residence,
          isBeneficiary: c.isBeneficiary,
          beneficiaryCategory: c.beneficiaryCategory,
          language: c.language,
          identity: c.identity,
          consent: c.consent,
        })
      : null,
    appeal: data.appeal ? dropUndefined({ ...data.appeal }) : null,
    actor: data.actor ?? null,
    doorSendsReceipt: Boolean(data.doorSendsReceipt),
  };
  const receivedAt = data.receivedAt ?? new Date();
  return {
    id: randomUUID(),
    channel: data.channel,
    externalId: data.externalId ?? null,
    text: requestTextData({ description: data.description, address: data.address }),
    location: data.location ?? null,
    category: category ?? null,
    isAppeal: Boolean(data.appeal),
    answers: data.answers ?? {},
    language: data.language ?? data.citizen?.language ?? "uk",
    receivedAt,
    year: Number(kyivDateOf(receivedAt).slice(0, 4)),
    publishConsent: data.publishConsent ?? false,
    isPrivate: data.isPrivate ?? false,
    intake,
  };
}

/**
 * The accepting INSERT, $1…$20 as in `acceptValues`. Inside a caller's transaction it goes
 * through that transaction's client; a door's accept sends it as a named prepared statement
 * on the client's own pool, where Prisma's work around a query (about a millisecond of CPU)
 * cost more than the INSERT itself.
 */
const ACCEPT_SQL = `
  INSERT INTO "Request" (id, number, channel, "externalId", description, address, "searchWords", lat, lon, "categoryId", urgency,
    "isAppeal", "isAnonymous", answers, "accessTokenHash", language, "receivedAt", "publishConsent", "isPrivate", intake, "updatedAt")
  VALUES ($1::uuid, slv_next_request_number($2::int), $3::"Channel", $4, $5, $6, $7::text[], $8::float8, $9::float8, $10::uuid,
    $11::"UrgencyClass", $12, $13, $14::jsonb, $15, $16, $17::timestamptz, $18, $19, $20::jsonb, now())
  ON CONFLICT (channel, "externalId") DO NOTHING
  RETURNING number`;

function acceptValues(p: Prepared) {
  return [
    p.id,
    p.year,
    p.channel,
    p.externalId,
    p.text.description,
    p.text.address,
    p.text.searchWords,
    p.location?.lat ?? null,
    p.location?.lon ?? null,
    p.category?.id ?? null,
    p.category?.urgency ?? "NORMAL",
    p.isAppeal,
    !p.intake.citizen,
    JSON.stringify(p.answers),
    hashAccessToken(deriveAccessToken(p.id)),
    p.language,
    p.receivedAt,
    p.publishConsent,
    p.isPrivate,
    JSON.stringify(p.intake),
  ];
}

/** The accepting INSERT; null when (channel, externalId) was recorded before. `tx`: inside the caller's transaction. */
async function insertAccepted(tx: Tx | null, p: Prepared): Promise<AcceptedRow | null> {
  const rows = tx
    ? await tx.$queryRawUnsafe<{ number: string }[]>(ACCEPT_SQL, ...acceptValues(p))
    : (await getPgPool().query<{ number: string }>({ name: "accept-request", text: ACCEPT_SQL, values: acceptValues(p) })).rows;
  if (!rows[0]) return null;
  return {
    id: p.id,
    number: rows[0].number,
    channel: p.channel,
    categoryId: p.category?.id ?? null,
    lat: p.location?.lat ?? null,
    lon: p.location?.lon ?? null,
    receivedAt: p.receivedAt,
    intake: p.intake,
  };
}

async function findExisting(p: Prepared) {
  if (!p.externalId) throw new Error("a request without an external id cannot have been seen before");
  return getDb().request.findUniqueOrThrow({
    where: { channel_externalId: { channel: p.channel, externalId: p.externalId } },
    select: { id: true, number: true },
  });
}

const resultSelect = {
  id: true,
  number: true,
  status: true,
  departmentId: true,
  categoryId: true,
  districtId: true,
  dueAt: true,
  outageId: true,
  isAppeal: true,
  isAnonymous: true,
  receiptType: true,
  routed: true,
  outage: { select: { id: true, titleUk: true, titleEn: true, causeUk: true, causeEn: true, plannedEndAt: true } },
} as const;

async function existingResult(id: string): Promise<SubmitRequestResult> {
  let row = await getDb().request.findUniqueOrThrow({ where: { id }, select: resultSelect });
  if (!row.routed) {
    await routeAccepted({ first: id, limit: 1 });
    row = await getDb().request.findUniqueOrThrow({ where: { id }, select: resultSelect });
  }
  const { outage, routed: _routed, ...request } = row;
  return { request: { ...request, receiptType: request.receiptType as "PRIMARY" | "REPEATED" }, accessToken: deriveAccessToken(id), created: false, outage };
}

function dropUndefined<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
