import { z } from "zod";
import { processInboundEvent } from "#app/domain/intake/process-inbound-event.server.ts";
import { recordInboundEvent } from "#app/domain/intake/record-inbound-event.server.ts";
import { AppError } from "#app/utils/errors.ts";

const UpdateIdSchema = z.looseObject({ update_id: z.number().int().nonnegative() });

/**
 * The bot's one entry point for an update (long polling, or a test's bot.handleUpdate):
 * recorded once by update_id before anything is done, then acted on here and now through
 * the intake step. A re-delivered update that was already acted on does nothing.
 * (A webhook only records; the intake worker then acts on it the same way.)
 */
export async function handleTelegramUpdate(options: { update: unknown }) {
  const parsed = UpdateIdSchema.safeParse(options.update);
  if (!parsed.success) throw new AppError("VALIDATION", "errors:telegram.notAnUpdate");
  const recorded = await recordInboundEvent({ channel: "TELEGRAM", externalId: String(parsed.data.update_id), payload: options.update });
  if (recorded.processedAt) return { duplicate: true, requestId: recorded.requestId };
  const result = await processInboundEvent({ inboundEventId: recorded.id });
  return { duplicate: recorded.duplicate, requestId: result.requestId };
}
