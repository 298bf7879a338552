import { z } from "zod";
import { preparePhotos } from "#app/domain/attachments/prepare-photos.server.ts";
import { storeAttachments } from "#app/domain/attachments/store-attachments.server.ts";
import { acceptRequest } from "#app/domain/requests/submit-request.server.ts";
import { AppError, isNonEmpty, type Problem } from "#app/utils/errors.ts";
import { createLogger } from "#app/utils/logger.server.ts";
import { normalizePhone } from "#app/utils/phone.ts";
import { getDb } from "#app/utils/db.server.ts";
import { findNearbyRequests, type NearbyRequest } from "#app/domain/requests/find-nearby-requests.server.ts";
import { getReportCategory } from "#app/domain/categories/get-report-category.server.ts";

const log = createLogger("web");

export type ReportProblemInput = {
  /** Generated when the form was shown; the same form posted twice gives one request. */
  idempotencyKey: string;
  categoryCode: string;
  /** Form answers by question code; a multi-choice question gives an array. */
  answers: Record<string, string | string[]>;
  description: string;
  lat?: number | null;
  lon?: number | null;
  address?: string | null;
  contact: { fullName?: string | null; phone?: string | null; email?: string | null };
  appeal?: { kind: "PROPOSAL" | "APPLICATION" | "COMPLAINT"; residence?: string | null } | null;
  photos: File[];
  language: "uk" | "en";
  /** Before creating a new request, look for open ones of the same category near the pin. */
  checkNearby?: boolean;
  /** The citizen's two choices about the public map: publish the details, or keep it out of public view. */
  publishConsent?: boolean;
  isPrivate?: boolean;
};

export type ReportProblemResult =
  { kind: "nearby"; nearby: NearbyRequest[] } | { kind: "submitted"; id: string; number: string; accessToken: string; created: boolean };

/**
 * The web form's report: checks everything a person can fix at once (so the form names
 * every problem in one go), checks the photos, accepts the request (acceptRequest: one
 * INSERT, idempotent on the form key) and links the photos to it. The citizen gets the
 * number and tracking link at once; the routing worker routes the request moments later
 * (department, deadlines, a known outage), and the tracking page shows that as it happens.
 */
export async function reportProblem(input: ReportProblemInput): Promise<ReportProblemResult> {
  const issues: Problem[] = [];
  const category = input.categoryCode ? await getReportCategory({ code: input.categoryCode, lang: input.language }) : null;
  if (!category) issues.push({ field: "categoryCode", key: input.categoryCode ? "errors:category.unknown" : "errors:report.categoryRequired" });

  const answers: Record<string, string | string[] | number> = {};
  for (const q of category?.questions ?? []) {
    const raw = input.answers[q.code];
    const values = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map((v) => v.trim()).filter(Boolean);
    if (!values.length) {
      if (q.required) issues.push({ field: `answer_${q.code}`, key: "errors:report.answerRequired" });
      continue;
    }
    if (q.datatype === "number") {
      const n = Number(values[0]!.replace(",", "."));
      if (!Number.isFinite(n)) issues.push({ field: `answer_${q.code}`, key: "errors:report.answerNumber" });
      else answers[q.code] = n;
    } else if (q.datatype === "singlevaluelist" || q.datatype === "multivaluelist") {
      const keys = new Set(q.values.map((v) => v.key));
      if (!values.every((v) => keys.has(v))) issues.push({ field: `answer_${q.code}`, key: "errors:report.answerChoice" });
      else answers[q.code] = q.datatype === "multivaluelist" ? values : values[0]!;
    } else answers[q.code] = values[0]!.slice(0, 1000);
  }

  const description = input.description.trim();
  if (!description) issues.push({ field: "description", key: "errors:report.descriptionRequired" });
  else if (description.length < 3) issues.push({ field: "description", key: "errors:report.descriptionShort" });
  else if (description.length > 5000) issues.push({ field: "description", key: "errors:report.descriptionLong" });

  const hasPoint = typeof input.lat === "number" && typeof input.lon === "number" && Number.isFinite(input.lat) && Number.isFinite(input.lon);
  const location = hasPoint ? { lat: input.lat!, lon: input.lon! } : null;
  const address = input.address?.trim() || null;
  if (category?.requiresLocation && !location && !address) issues.push({ field: "address", key: "errors:request.placeRequired" });

  const fullName = input.contact.fullName?.trim() || null;
  const phoneInput = input.contact.phone?.trim() || null;
  const phone = phoneInput ? normalizePhone(phoneInput) : null;
  if (phoneInput && !phone) issues.push({ field: "phone", key: "errors:contact.phoneInvalid" });
  const email = input.contact.email?.trim() || null;
  if (email && !z.string().email().max(200).safeParse(email).success) issues.push({ field: "email", key: "errors:contact.emailInvalid" });
  const hasContact = Boolean(phoneInput || email);
  if (category && !category.allowsAnonymous && !hasContact && !input.appeal) issues.push({ field: "contact", key: "errors:report.contactRequired" });

  const residence = input.appeal?.residence?.trim() || null;
  if (input.appeal) {
    // Law 393/96 art. 5: an appeal names its author, their place of residence and a way to answer.
    if (!fullName) issues.push({ field: "fullName", key: "errors:appeal.fullNameRequired" });
    if (!residence) issues.push({ field: "residence", key: "errors:appeal.residenceRequired" });
    if (!hasContact) issues.push({ field: "contact", key: "errors:appeal.contactRequired" });
  }
  if (isNonEmpty(issues)) throw AppError.invalid(issues);

  const photos = await preparePhotos({ files: input.photos });

  if (input.checkNearby && location) {
    // A repeated post of a form already submitted must find its own request, not "a nearby one".
    const seen = await getDb().request.findUnique({
      where: { channel_externalId: { channel: "WEB", externalId: input.idempotencyKey } },
      select: { id: true },
    });
    const nearby = seen ? [] : await findNearbyRequests({ categoryCode: category!.code, ...location, lang: input.language });
    if (nearby.length) return { kind: "nearby", nearby };
  }

  const result = await acceptRequest({
    channel: "WEB",
    externalId: input.idempotencyKey,
    description,
    categoryCode: category!.code,
    location,
    address,
    answers,
    citizen: fullName || phone || email ? { fullName, phone, email, residence, language: input.language } : null,
    appeal: input.appeal ? { kind: input.appeal.kind } : null,
    language: input.language,
    // A request kept out of public view publishes nothing, whatever else was ticked.
    publishConsent: Boolean(input.publishConsent) && !input.isPrivate,
    isPrivate: Boolean(input.isPrivate),
  });
  // A repeated post of the same form already has its photos.
  if (result.created && photos.length) await storeAttachments({ requestId: result.id, photos });
  log.info("web report accepted", { requestId: result.id, created: result.created, photos: photos.length, appeal: Boolean(input.appeal) });
  return { kind: "submitted", id: result.id, number: result.number, accessToken: result.accessToken, created: result.created };
}
