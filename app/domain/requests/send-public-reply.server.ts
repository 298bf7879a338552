import { recordNotifications } from "#app/domain/notifications/record-notifications.server.ts";
import { emptyFollowups, enqueueFollowups } from "#app/domain/requests/after-commit.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { renderReplyTemplate } from "#app/domain/templates/render-reply-template.ts";
import { replyTemplateValues } from "#app/domain/templates/reply-template-values.ts";
import { requireRequestAccess, type StaffActor } from "./request-access.server.ts";

/**
 * A public reply to the citizen: on the public timeline and sent as a "reply" notification.
 * Given a template code and no text, the template is rendered here with the request's
 * number, the citizen's name, the due date and the department.
 */
export async function sendPublicReply(options: { actor: StaffActor; requestId: string; text?: string; templateCode?: string }) {
  const access = await requireRequestAccess({ actor: options.actor, requestId: options.requestId, level: "work" });
  const db = getDb();
  let text = options.text?.trim() ?? "";
  if (!text && options.templateCode) {
    const template = await db.replyTemplate.findFirst({ where: { code: options.templateCode, active: true } });
    if (!template) throw new AppError("VALIDATION", "errors:request.templateUnknown", { field: "templateCode" });
    const r = await db.request.findUniqueOrThrow({
      where: { id: access.id },
      select: {
        number: true,
        language: true,
        dueAt: true,
        address: true,
        citizen: { select: { fullName: true } },
        department: { select: { nameUk: true, nameEn: true } },
        category: { select: { nameUk: true, nameEn: true } },
      },
    });
    const operator = await db.staffUser.findUnique({ where: { id: options.actor.id }, select: { name: true } });
    const en = r.language === "en";
    // The same values the admin's template preview shows (replyTemplateValues).
    text = renderReplyTemplate(
      en ? template.bodyEn : template.bodyUk,
      replyTemplateValues({
        lang: en ? "en" : "uk",
        number: r.number,
        fullName: r.citizen?.fullName,
        dueAt: r.dueAt,
        department: en ? r.department?.nameEn : r.department?.nameUk,
        category: en ? r.category?.nameEn : r.category?.nameUk,
        address: r.address,
        operator: operator?.name,
      }),
    );
  }
  if (!text) throw new AppError("VALIDATION", "errors:request.replyRequired", { field: "text" });
  if (text.length > 2000) throw new AppError("VALIDATION", "errors:request.replyTooLong", { field: "text", params: { max: 2000 } });
  const followups = emptyFollowups();
  const result = await db.$transaction(async (tx) => {
    const event = await tx.requestEvent.create({
      data: {
        requestId: access.id,
        type: "reply",
        actorType: "STAFF",
        actorId: options.actor.id,
        isPublic: true,
        data: { text, templateCode: options.templateCode ?? null },
      },
    });
    const rows = await recordNotifications({ tx, requestId: access.id, template: "reply", params: { text }, eventKey: `event:${event.id}` });
    followups.notificationIds.push(...rows.map((r) => r.id));
    return { eventId: String(event.id), text, notified: rows.length };
  });
  await enqueueFollowups(followups);
  return result;
}
