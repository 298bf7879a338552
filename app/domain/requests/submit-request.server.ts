import { randomUUID } from "node:crypto";
import { z } from "zod";
import { Prisma } from "#app/generated/prisma/client.ts";
import type { Channel } from "#app/generated/prisma/enums.ts";
import { getDb, type Tx } from "#app/utils/db.server.ts";
import { AppError, isNonEmpty, type Problem } from "#app/utils/errors.ts";
import { parseInput } from "#app/utils/parse-input.ts";
import { normalizePhone } from "#app/utils/phone.ts";
import { kyivDateOf } from "#app/domain/calendar/kyiv-time.ts";
import { recordNotifications } from "#app/domain/notifications/record-notifications.server.ts";
import { findActiveOutage } from "#app/domain/outages/find-active-outage.server.ts";
import { findDistrict } from "#app/domain/routing/find-district.server.ts";
import { ANSWERED_STATUSES } from "./status-machine.ts";
import { findOrCreateProvenCitizen, type ContactAddress } from "#app/domain/citizens/find-citizen-by-contact.server.ts";
import { deriveAccessToken, hashAccessToken } from "./access-token.server.ts";
import { emptyFollowups, enqueueFollowups, type Followups } from "./after-commit.server.ts";
import { applyRouting } from "./apply-routing.server.ts";
import { nextPublicNumber } from "./public-number.server.ts";
import { requestTextData } from "#app/domain/requests/request-text.ts";
import { citizenDueAt } from "#app/domain/deadlines/citizen-due-at.server.ts";

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
  request: {
    id: string;
    number: string;
    status: string;
    departmentId: string | null;
    categoryId: string | null;
    districtId: string | null;
    dueAt: Date | null;
    outageId: string | null;
    isAppeal: boolean;
    isAnonymous: boolean;
    receiptType: string;
  };
  accessToken: string;
  /** false when this delivery was seen before and the first result is returned. */
  created: boolean;
  outage: { id: string; titleUk: string; titleEn: string | null; causeUk: string; causeEn: string | null; plannedEndAt: Date | null } | null;
};

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
  outage: { select: { id: true, titleUk: true, titleEn: true, causeUk: true, causeEn: true, plannedEndAt: true } },
} as const;

function toResult(row: Prisma.RequestGetPayload<{ select: typeof resultSelect }>, created: boolean): SubmitRequestResult {
  const { outage, ...request } = row;
  return { request, accessToken: deriveAccessToken(row.id), created, outage };
}

/**
 * The one way a request enters the system, from any door. Idempotent on
 * (channel, externalId). Checks an appeal's legal fields (Law 393/96 art. 5), links the
 * citizen and their channel identity, numbers it, links a known outage, routes it and
 * sets its deadlines, and records the citizen's "received" notice — all in one transaction.
 */
export async function submitRequest(input: SubmitRequestInput): Promise<SubmitRequestResult> {
  const data = parseInput(SubmitRequestInputSchema, input);
  const db = getDb();

  if (data.externalId) {
    const existing = await db.request.findUnique({
      where: { channel_externalId: { channel: data.channel, externalId: data.externalId } },
      select: resultSelect,
    });
    if (existing) return toResult(existing, false);
  }

  const phone = data.citizen?.phone ? normalizePhone(data.citizen.phone) : undefined;
  if (data.citizen?.phone && !phone) throw new AppError("VALIDATION", "errors:contact.phoneInvalid", { field: "citizen.phone" });

  const category = data.categoryCode ? await db.category.findUnique({ where: { code: data.categoryCode } }) : null;
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

  const appealContact = phone ?? data.citizen?.email ?? (data.citizen?.identity ? `${data.citizen.identity.channel}:${data.citizen.identity.externalId}` : "");
  const receivedAt = data.receivedAt ?? new Date();
  const followups = emptyFollowups();
  const number = await nextPublicNumber({ year: kyivYear(receivedAt) });
  try {
    const row = await db.$transaction(async (tx) => {
      const citizen = await resolveCitizen({ tx, data: { ...data, phone } });
      const citizenId = citizen?.id ?? null;
      const id = randomUUID();
      const districtId = data.location ? ((await findDistrict({ tx, lat: data.location.lat, lon: data.location.lon }))?.id ?? null) : null;
      const outage = category ? await findActiveOutage({ tx, categoryId: category.id, districtId, point: data.location, at: receivedAt }) : null;
      // A repeated appeal (classifier 858) is told apart for staff by its author or by the
      // same contact named again; it links nothing to anyone.
      const earlier =
        data.appeal && category
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

      await tx.request.create({
        data: {
          id,
          number,
          channel: data.channel,
          externalId: data.externalId ?? null,
          citizenId,
          ...requestTextData({ description: data.description, address: data.address }),
          lat: data.location?.lat,
          lon: data.location?.lon,
          districtId,
          categoryId: category?.id,
          urgency: category?.urgency ?? "NORMAL",
          isBeneficiary: Boolean(data.citizen?.isBeneficiary || citizen?.isBeneficiary),
          isAnonymous: !citizenId,
          isAppeal: Boolean(data.appeal),
          answers: (data.answers ?? {}) as Prisma.InputJsonValue,
          receiptType: earlier.length ? "REPEATED" : "PRIMARY",
          outageId: outage?.id,
          accessTokenHash: hashAccessToken(deriveAccessToken(id)),
          language: data.language ?? data.citizen?.language ?? "uk",
          receivedAt,
          publishConsent: data.publishConsent ?? false,
          isPrivate: data.isPrivate ?? false,
        },
      });
      if (data.appeal) {
        await tx.appeal.create({
          data: {
            requestId: id,
            kind: data.appeal.kind,
            subject: data.appeal.subject ?? "INDIVIDUAL",
            receiptForm: data.channel,
            fullName: data.citizen!.fullName!,
            residence: data.citizen!.residence!,
            contact: appealContact,
            authorCategories: data.appeal.authorCategories ?? [],
            statutoryTerm: data.appeal.statutoryTerm ?? category?.statutoryTerm ?? "MONTH_1",
            isRepeated: earlier.length > 0,
            linkedRequestIds: earlier.map((e) => e.id),
          },
        });
      }
      const received = await tx.requestEvent.create({
        data: {
          requestId: id,
          type: "received",
          actorType: data.actor ? "STAFF" : "CITIZEN",
          actorId: data.actor?.id,
          toStatus: "NEW",
          isPublic: true,
          data: { channel: data.channel, isAppeal: Boolean(data.appeal), repeatedOf: earlier.map((e) => e.id) },
        },
      });
      if (outage) {
        await tx.requestEvent.create({
          data: { requestId: id, type: "outage-linked", actorType: "SYSTEM", isPublic: true, data: { outageId: outage.id } },
        });
      }

      await applyRouting({ tx, requestId: id, followups });
      const routed = await tx.request.findUniqueOrThrow({ where: { id }, select: { dueAt: true } });
      const dueDate = await citizenDueAt({ tx, requestId: id, dueAt: routed.dueAt, categorised: Boolean(category) });

      if (!data.doorSendsReceipt)
        await notify({
          tx,
          followups,
          requestId: id,
          template: "received",
          params: { dueDate: dueDate?.toISOString() ?? null },
          eventKey: `event:${received.id}`,
        });
      if (outage) {
        await notify({
          tx,
          followups,
          requestId: id,
          template: "outageLinked",
          params: {
            cause: outage.causeUk,
            causeEn: outage.causeEn ?? outage.causeUk,
            plannedEnd: outage.plannedEndAt?.toISOString() ?? null,
          },
          eventKey: `outage:${outage.id}:${id}`,
        });
      }
      return tx.request.findUniqueOrThrow({ where: { id }, select: resultSelect });
    });
    await enqueueFollowups(followups);
    return toResult(row, true);
  } catch (e) {
    // Two deliveries of the same event raced past the first check: the loser returns the winner's request.
    if (data.externalId && e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") {
      const existing = await db.request.findUnique({
        where: { channel_externalId: { channel: data.channel, externalId: data.externalId } },
        select: resultSelect,
      });
      if (existing) return toResult(existing, false);
    }
    throw e;
  }
}

async function notify(options: {
  tx: Tx;
  followups: Followups;
  requestId: string;
  template: Parameters<typeof recordNotifications>[0]["template"];
  params: Record<string, string | number | null>;
  eventKey: string;
}) {
  const rows = await recordNotifications(options);
  options.followups.notificationIds.push(...rows.map((r) => r.id));
}

type ParsedInput = z.output<typeof SubmitRequestInputSchema> & { phone: string | null | undefined };

/**
 * Finds or creates the citizen behind this request. Only proven addresses find an existing
 * citizen (findCitizenByContact): the door's own identity (the Telegram chat, the number
 * that texted) and a phone a staff member took the call from. A phone or e-mail typed into
 * a form proves nothing: it is kept on a citizen record of this report's own, so staff can
 * call back, and never changes or joins the citizen who really owns that contact.
 */
async function resolveCitizen(options: { tx: Tx; data: ParsedInput }): Promise<{ id: string; isBeneficiary: boolean } | null> {
  const { tx, data } = options;
  const c = data.citizen;
  if (!c) return null;
  const phone = data.phone ?? undefined;
  const email = c.email?.toLowerCase();
  const proven: ContactAddress[] = [];
  if (c.identity) proven.push(c.identity);
  const phoneProven = Boolean(phone) && (data.actor?.type === "STAFF" || (c.identity?.channel === "SMS" && c.identity.externalId === phone));
  if (phone && phoneProven && !proven.some((a) => a.channel === "SMS" && a.externalId === phone)) proven.push({ channel: "SMS", externalId: phone });

  const profile = {
    fullName: c.fullName,
    email,
    residence: c.residence,
    beneficiaryCategory: c.beneficiaryCategory,
    ...(c.isBeneficiary ? { isBeneficiary: true } : {}),
    ...(c.language ? { language: c.language } : {}),
    ...(c.consent ? { consentAt: new Date(), consentScope: "request-processing" } : {}),
  };
  if (proven.length) {
    const { citizenId } = await findOrCreateProvenCitizen({ tx, addresses: proven, create: { phone: phoneProven ? phone : null, language: c.language } });
    // The person proved who they are: fill in what we learn; never blank out what we knew.
    const current = await tx.citizen.findUniqueOrThrow({ where: { id: citizenId }, select: { phone: true } });
    const updated = await tx.citizen.update({
      where: { id: citizenId },
      data: { ...Object.fromEntries(Object.entries(profile).filter(([, v]) => v !== undefined)), ...(phone && !current.phone ? { phone } : {}) },
      select: { isBeneficiary: true },
    });
    return { id: citizenId, isBeneficiary: updated.isBeneficiary };
  }
  if (!phone && !email && !c.fullName) return null;
  const created = await tx.citizen.create({ data: { ...profile, phone }, select: { id: true, isBeneficiary: true } });
  return { id: created.id, isBeneficiary: created.isBeneficiary };
}

function kyivYear(d: Date) {
  return Number(kyivDateOf(d).slice(0, 4));
}
