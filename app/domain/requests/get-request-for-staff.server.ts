import { RESULT_CODES } from "#app/domain/requests/transition-request.server.ts";
import { attachmentFileState } from "#app/domain/attachments/store-attachments.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { CENTRE_ROLES, DEPARTMENT_ROLES, requireRequestAccess, type StaffActor } from "./request-access.server.ts";
import { suggestDuplicates, type DuplicateSuggestion } from "./suggest-duplicates.server.ts";

/**
 * Everything the staff request page shows, for one who may see it (403 otherwise): the
 * request, its appeal facets, deadlines, co-executors, attachments, the full timeline with
 * actor names, and the choices its action forms offer. The citizen's contact and an
 * appeal's name and residence are NOT here: they need revealCitizenContact (audited).
 */
export async function getRequestForStaff(options: { actor: StaffActor; requestId: string; now?: Date }) {
  const { actor } = options;
  const access = await requireRequestAccess({ actor, requestId: options.requestId, level: "view" });
  const db = getDb();
  const request = await db.request.findUnique({
    where: { id: access.id },
    select: {
      id: true,
      number: true,
      channel: true,
      description: true,
      lat: true,
      lon: true,
      address: true,
      status: true,
      urgency: true,
      isBeneficiary: true,
      isAnonymous: true,
      isAppeal: true,
      answers: true,
      receiptType: true,
      resultCode: true,
      publicAnswer: true,
      publishConsent: true,
      isPrivate: true,
      dueAt: true,
      receivedAt: true,
      resolvedAt: true,
      closedAt: true,
      routed: true,
      citizenId: true,
      duplicateOf: { select: { id: true, number: true } },
      category: {
        select: {
          id: true,
          code: true,
          nameUk: true,
          nameEn: true,
          isAdminService: true,
          adminService: { select: { id: true, nameUk: true, nameEn: true, provider: true } },
        },
      },
      district: { select: { nameUk: true, nameEn: true } },
      department: { select: { id: true, nameUk: true, nameEn: true } },
      assignee: { select: { id: true, name: true } },
      coExecutors: { select: { department: { select: { id: true, nameUk: true, nameEn: true } } } },
      attachments: {
        select: { id: true, kind: true, mimeType: true, size: true, isPublic: true, createdAt: true, storageKey: true, transcript: true, transcribedAt: true },
        orderBy: { createdAt: "asc" },
      },
      deadlines: { select: { id: true, kind: true, label: true, dueAt: true, active: true, breached: true, metAt: true }, orderBy: { createdAt: "asc" } },
      appeal: {
        select: {
          kind: true,
          subject: true,
          receiptForm: true,
          statutoryTerm: true,
          extendedUntil: true,
          isRepeated: true,
          topicCode: true,
          forwardedTo: true,
        },
      },
      handoff: {
        select: {
          id: true,
          provider: true,
          link: true,
          status: true,
          orderId: true,
          providerStatus: true,
          outcome: true,
          failures: true,
          lastError: true,
          lastCheckedAt: true,
          nextCheckAt: true,
          createdAt: true,
          service: { select: { nameUk: true, nameEn: true } },
        },
      },
      suggestion: { select: { categoryId: true, confidence: true, terms: true, decidedAt: true, accepted: true } },
      events: {
        select: { id: true, type: true, actorType: true, actorId: true, fromStatus: true, toStatus: true, isPublic: true, data: true, createdAt: true },
        orderBy: { id: "asc" },
      },
    },
  });
  if (!request) throw new AppError("NOT_FOUND", "errors:request.notFound");
  const staffIds = [...new Set(request.events.filter((e) => e.actorType === "STAFF" && e.actorId).map((e) => e.actorId!))];
  const departmentId = request.department?.id ?? null;
  const isCentre = CENTRE_ROLES.includes(actor.role);
  const canWork = isCentre || (access.isExecutor && DEPARTMENT_ROLES.includes(actor.role));
  const [names, colleagues, departments, categories, templates, suggestions] = await Promise.all([
    staffIds.length ? db.staffUser.findMany({ where: { id: { in: staffIds } }, select: { id: true, name: true } }) : [],
    departmentId ? db.staffUser.findMany({ where: { departmentId, active: true }, select: { id: true, name: true }, orderBy: { name: "asc" } }) : [],
    isCentre ? db.department.findMany({ where: { active: true }, select: { id: true, nameUk: true, nameEn: true }, orderBy: { nameUk: "asc" } }) : [],
    isCentre
      ? db.category.findMany({
          where: { active: true },
          select: { code: true, nameUk: true, nameEn: true, parent: { select: { code: true } } },
          orderBy: [{ sortOrder: "asc" }, { code: "asc" }],
        })
      : [],
    canWork ? db.replyTemplate.findMany({ where: { active: true }, select: { code: true, titleUk: true, titleEn: true }, orderBy: { code: "asc" } }) : [],
    isCentre ? suggestDuplicates({ actor, requestId: request.id, now: options.now }) : ([] as DuplicateSuggestion[]),
  ]);
  const nameOf = new Map(names.map((n) => [n.id, n.name]));
  // The category suggested from the free text (SMS, voice, Telegram), for the operator to confirm or change.
  const suggestedCategory = request.suggestion
    ? await db.category.findUnique({ where: { id: request.suggestion.categoryId }, select: { code: true, nameUk: true, nameEn: true } })
    : null;
  // Administrative services an operator may hand this request to (docs/handoff.md).
  const adminServices =
    canWork && !request.handoff
      ? await db.adminService.findMany({
          where: { active: true },
          select: { id: true, provider: true, nameUk: true, nameEn: true },
          orderBy: [{ provider: "asc" }, { nameUk: "asc" }],
        })
      : [];
  const { citizenId, events, suggestion, attachments, ...rest } = request;
  return {
    request: {
      ...rest,
      // Where the file is, never its key: "stored" ones open at /staff/attachments/<id>.
      attachments: attachments.map(({ storageKey, ...a }) => ({ ...a, file: attachmentFileState(storageKey) })),
      suggestion:
        suggestion && suggestedCategory ? { ...suggestion, category: suggestedCategory, confidencePercent: Math.round(suggestion.confidence * 100) } : null,
      hasContact: Boolean(citizenId || request.appeal),
      events: events.map((e) => ({ ...e, id: String(e.id), actorName: e.actorType === "STAFF" && e.actorId ? (nameOf.get(e.actorId) ?? null) : null })),
    },
    permissions: {
      canWork,
      canComment: true,
      isCentre,
      canReturn: access.isExecutor && DEPARTMENT_ROLES.includes(actor.role),
      canExtend: request.isAppeal && canWork && actor.role !== "DEPARTMENT_OFFICER",
    },
    options: {
      colleagues,
      departments,
      // The classifier as a tree (parentCode), so a select can show its groups.
      categories: categories.map(({ parent, ...c }) => ({ ...c, parentCode: parent?.code ?? null })),
      templates,
      resultCodes: RESULT_CODES,
      suggestions,
      adminServices,
    },
  };
}
