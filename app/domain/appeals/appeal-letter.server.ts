// The official answer to an appeal (Law 393/96 art. 20) as a letter on the city's form:
// the city's requisites, the outgoing number and date, the addressee as the appeal holds
// them, the appeal's own number and date, the answer staff gave, and who signs it. The same
// content is drawn as an A4 PDF (./render-appeal-letter-pdf.server.ts) and shown as a print
// page. Only for official appeals that have been answered.
import { recordAudit } from "#app/domain/audit/record-audit.server.ts";
import { formatKyivTime } from "#app/domain/calendar/kyiv-time.ts";
import { requireRequestAccess, type StaffActor } from "#app/domain/requests/request-access.server.ts";
import { requireTrackedRequest } from "#app/domain/tracking/require-tracked-request.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { getEnv } from "#app/utils/env.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { t } from "#app/utils/i18n.server.ts";

export type AppealLetter = {
  city: { name: string; address: string; edrpou: string; phone: string; email: string };
  outgoing: { number: string; date: string };
  appeal: { number: string; date: string; kind: string };
  addressee: { fullName: string; residence: string; contact: string };
  answer: string;
  signer: { name: string; position: string };
};

const ANSWERED = ["RESOLVED", "CLOSED", "REJECTED"] as const;

/**
 * The letter of one request, or NOT_FOUND when it is not an official appeal or has no
 * answer yet (the same answer for both, so the letter says nothing about the request).
 * Access is the caller's: the tracking token, or requireRequestAccess for staff.
 */
export async function getAppealLetter(options: { requestId: string }): Promise<AppealLetter> {
  const lang = "uk" as const;
  const request = await getDb().request.findUnique({
    where: { id: options.requestId },
    select: {
      number: true,
      isAppeal: true,
      status: true,
      publicAnswer: true,
      receivedAt: true,
      appeal: { select: { kind: true, fullName: true, residence: true, contact: true } },
      events: {
        where: { isPublic: true, toStatus: { in: ["RESOLVED", "REJECTED"] }, actorType: "STAFF" },
        orderBy: { id: "desc" },
        take: 1,
        select: { createdAt: true, actorId: true, data: true },
      },
    },
  });
  if (!request || !request.isAppeal || !request.appeal || !(ANSWERED as readonly string[]).includes(request.status)) {
    throw new AppError("NOT_FOUND", "errors:letter.notFound");
  }
  const event = request.events[0];
  const eventAnswer = (event?.data as Record<string, unknown> | null)?.publicAnswer;
  const answer = request.status === "REJECTED" ? eventAnswer : (request.publicAnswer ?? eventAnswer);
  if (typeof answer !== "string" || !answer.trim() || !event) throw new AppError("NOT_FOUND", "errors:letter.notFound");

  const env = getEnv();
  const answeredAt = event.createdAt;
  let signer = { name: env.LETTER_SIGNER_NAME ?? "", position: env.LETTER_SIGNER_POSITION ?? "" };
  if (!signer.name && event.actorId) {
    const staff = await getDb().staffUser.findUnique({
      where: { id: event.actorId },
      select: { name: true, role: true, department: { select: { nameUk: true } } },
    });
    if (staff) {
      const role = t(lang, `staff:roles.${staff.role}`);
      signer = { name: staff.name, position: staff.department ? `${role}, ${staff.department.nameUk}` : role };
    }
  }
  return {
    city: { name: env.CITY_NAME, address: env.CITY_ADDRESS, edrpou: env.CITY_EDRPOU, phone: env.CITY_PHONE, email: env.CITY_EMAIL },
    // The appeal's own number marks the answer as its outgoing letter: one answer, one number,
    // the same every time the letter is printed.
    outgoing: { number: t(lang, "requests:letter.outgoingNumber", { number: request.number }), date: formatKyivTime(answeredAt, "date", lang) },
    appeal: { number: request.number, date: formatKyivTime(request.receivedAt, "date", lang), kind: t(lang, `requests:letter.kinds.${request.appeal.kind}`) },
    addressee: { fullName: request.appeal.fullName, residence: request.appeal.residence, contact: request.appeal.contact },
    answer: answer.trim(),
    signer: { name: signer.name || t(lang, "requests:letter.signerUnknown"), position: signer.position },
  };
}

/**
 * The letter for staff who may see the request (FORBIDDEN otherwise). It carries the
 * citizen's name and address, so every opening is audited, as revealing a contact is.
 */
export async function getAppealLetterForStaff(options: { actor: StaffActor; requestId: string; format: "pdf" | "print"; ip?: string | null }) {
  const access = await requireRequestAccess({ actor: options.actor, requestId: options.requestId, level: "view" });
  const letter = await getAppealLetter({ requestId: access.id });
  await recordAudit({
    actorId: options.actor.id,
    action: "appeal.letter-view",
    entityType: "Request",
    entityId: access.id,
    data: { number: access.number, format: options.format },
    ip: options.ip ?? null,
  });
  return letter;
}

/** The letter for the holder of the request's tracking link (NOT_FOUND for a wrong link). */
export async function getAppealLetterForCitizen(options: { token: string }) {
  const { id } = await requireTrackedRequest({ token: options.token });
  return getAppealLetter({ requestId: id });
}
