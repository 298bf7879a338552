import { getDb } from "#app/utils/db.server.ts";
import { ZodError } from "zod";
import { isInvalidInputError } from "#app/utils/db-errors.ts";
import { AppError, isAppError } from "#app/utils/errors.ts";
import { submitRequest, SubmitRequestInputSchema } from "#app/domain/requests/submit-request.server.ts";
import { cleanText } from "#app/utils/text.ts";
import { getInboundHandler } from "./inbound-handlers.server.ts";

/**
 * The intake worker's step: acts on a recorded delivery once. Runs again safely (after a
 * crash or a re-drive) because every handler is idempotent on the event's external id.
 */
export async function processInboundEvent(options: { inboundEventId: string }) {
  const db = getDb();
  const event = await db.inboundEvent.findUnique({ where: { id: options.inboundEventId } });
  if (!event) throw new AppError("NOT_FOUND", "errors:intake.eventNotFound");
  if (event.processedAt) return { alreadyProcessed: true as const, requestId: event.requestId };
  await db.inboundEvent.update({ where: { id: event.id }, data: { attempts: { increment: 1 } } });
  try {
    let requestId: string | null = null;
    const payload = event.payload as { kind?: unknown; request?: unknown } | null;
    const handler = getInboundHandler(event.channel);
    if (payload && payload.kind === "submit-request") {
      const input = SubmitRequestInputSchema.parse({
        ...(payload.request as object),
        channel: event.channel,
        externalId: event.externalId,
      });
      requestId = (await submitRequest(input)).request.id;
    } else if (handler) {
      requestId = (await handler(event))?.requestId ?? null;
    } else {
      throw new AppError("UNAVAILABLE", "errors:intake.noHandler", { params: { channel: event.channel } });
    }
    await db.inboundEvent.update({ where: { id: event.id }, data: { processedAt: new Date(), requestId, lastError: null } });
    return { alreadyProcessed: false as const, requestId };
  } catch (e) {
    // A payload that can never become a request is set aside (processed, with the reason)
    // for staff to see, instead of being retried forever; anything else is retried.
    // So is one the database refuses as a value, or one too deep to walk: it would fail the same way again.
    const permanent = e instanceof ZodError || (isAppError(e) && e.code === "VALIDATION") || isInvalidInputError(e) || e instanceof RangeError;
    await db.inboundEvent.update({
      where: { id: event.id },
      data: { lastError: cleanText(String((e as Error)?.message ?? e)).slice(0, 500), ...(permanent ? { processedAt: new Date() } : {}) },
    });
    if (permanent) return { alreadyProcessed: false as const, requestId: null, rejected: true as const };
    throw e;
  }
}
