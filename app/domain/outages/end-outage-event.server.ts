import { z } from "zod";
import { recordAudit } from "#app/domain/audit/record-audit.server.ts";
import { isOutageInForce } from "#app/domain/outages/outage-in-force.ts";
import { endOutage } from "#app/domain/outages/record-outage.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { parseInput } from "#app/utils/parse-input.ts";

export const EndOutageEventInputSchema = z.object({ actorId: z.string().uuid(), outageId: z.string().uuid() });

/** Ends an outage now (new requests no longer link to it) and audits who ended it. */
export async function endOutageEvent(input: z.input<typeof EndOutageEventInputSchema>) {
  const data = parseInput(EndOutageEventInputSchema, input);
  const outage = await getDb().outage.findUnique({ where: { id: data.outageId }, select: { startsAt: true, endedAt: true } });
  if (!outage) throw new AppError("NOT_FOUND", "errors:outage.notFound", { field: "outageId" });
  if (!isOutageInForce(outage, new Date(), { startingBy: "any" })) throw new AppError("CONFLICT", "errors:outage.alreadyEnded", { field: "outageId" });
  const ended = await endOutage({ outageId: data.outageId, actorId: data.actorId });
  await recordAudit({ actorId: data.actorId, action: "outage.end", entityType: "Outage", entityId: data.outageId });
  return ended;
}
