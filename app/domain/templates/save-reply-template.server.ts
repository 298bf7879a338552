import { z } from "zod";
import { recordAudit } from "#app/domain/audit/record-audit.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { parseInput } from "#app/utils/parse-input.ts";
import { requireValidTemplateTexts } from "./reply-template-placeholders.ts";

export const SaveReplyTemplateInputSchema = z.object({
  actorId: z.string().uuid(),
  /** Absent: create a new template. */
  templateId: z.string().uuid().optional(),
  code: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9-]{1,59}$/, "lowercase latin letters, digits and dashes"),
  titleUk: z.string().trim().min(2).max(200),
  titleEn: z.string().trim().min(2).max(200),
  bodyUk: z.string().trim().min(2).max(5000),
  bodyEn: z.string().trim().min(2).max(5000),
  active: z.boolean().default(true),
});

/** Creates or edits a reply template; only known {placeholders} are accepted, and no {name} in Ukrainian. */
export async function saveReplyTemplate(input: z.input<typeof SaveReplyTemplateInputSchema>) {
  const data = parseInput(SaveReplyTemplateInputSchema, input);
  requireValidTemplateTexts(data);
  return getDb().$transaction(async (tx) => {
    const clash = await tx.replyTemplate.findUnique({ where: { code: data.code } });
    if (clash && clash.id !== data.templateId) throw new AppError("CONFLICT", "errors:template.codeTaken", { field: "code", params: { code: data.code } });
    const fields = { code: data.code, titleUk: data.titleUk, titleEn: data.titleEn, bodyUk: data.bodyUk, bodyEn: data.bodyEn, active: data.active };
    let template;
    if (data.templateId) {
      if (!(await tx.replyTemplate.findUnique({ where: { id: data.templateId } })))
        throw new AppError("NOT_FOUND", "errors:template.notFound", { field: "templateId" });
      template = await tx.replyTemplate.update({ where: { id: data.templateId }, data: fields });
    } else {
      template = await tx.replyTemplate.create({ data: fields });
    }
    await recordAudit({
      tx,
      actorId: data.actorId,
      action: data.templateId ? "reply-template.update" : "reply-template.create",
      entityType: "ReplyTemplate",
      entityId: template.id,
      data: { code: data.code, active: data.active },
    });
    return template;
  });
}
