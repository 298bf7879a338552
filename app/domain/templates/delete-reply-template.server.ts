import { z } from "zod";
import { recordAudit } from "#app/domain/audit/record-audit.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { parseInput } from "#app/utils/parse-input.ts";

export const DeleteReplyTemplateInputSchema = z.object({ actorId: z.string().uuid(), templateId: z.string().uuid() });

/** Deletes a template (replies already sent keep their text); the audit row keeps its code and body. */
export async function deleteReplyTemplate(input: z.input<typeof DeleteReplyTemplateInputSchema>) {
  const data = parseInput(DeleteReplyTemplateInputSchema, input);
  return getDb().$transaction(async (tx) => {
    const template = await tx.replyTemplate.findUnique({ where: { id: data.templateId } });
    if (!template) throw new AppError("NOT_FOUND", "errors:template.notFound", { field: "templateId" });
    await tx.replyTemplate.delete({ where: { id: template.id } });
    await recordAudit({
      tx,
      actorId: data.actorId,
      action: "reply-template.delete",
      entityType: "ReplyTemplate",
      entityId: template.id,
      data: { code: template.code, bodyUk: template.bodyUk },
    });
  });
}
