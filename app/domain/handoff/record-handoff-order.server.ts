import { requireTrackedRequest } from "#app/domain/tracking/require-tracked-request.server.ts";
import { requireRequestAccess, type StaffActor } from "#app/domain/requests/request-access.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { isHandoffDecided } from "./handoff-status.ts";
import { getProvider, requireCapability } from "./providers.server.ts";

/**
 * Records the provider's order id for a handed-off request, from the citizen (tracking
 * token, or their own request from a channel that knows them) or staff. iGov's sID_Order is checked by its Luhn digit before it is stored; a
 * bad one is refused (VALIDATION, field "orderId") and nothing changes. Polling starts at
 * once (nextCheckAt = now). The same id again is a no-op; a different one replaces it
 * while the order is still open.
 */
export async function recordHandoffOrder(options: {
  orderId: string;
  /** Staff door. */
  requestId?: string;
  actor?: StaffActor;
  /** Citizen door. */
  token?: string;
  /** Citizen door for a channel that knows the citizen (Telegram chat): with requestId, the request must be theirs. */
  citizenId?: string;
  now?: Date;
}): Promise<{ handoffId: string; orderId: string; changed: boolean }> {
  const now = options.now ?? new Date();
  const db = getDb();
  let requestId: string;
  let actorType: "STAFF" | "CITIZEN";
  if (options.token !== undefined) {
    requestId = (await requireTrackedRequest({ token: options.token })).id;
    actorType = "CITIZEN";
  } else if (options.requestId && options.citizenId) {
    const own = await db.request.findFirst({ where: { id: options.requestId, citizenId: options.citizenId }, select: { id: true } });
    if (!own) throw new AppError("NOT_FOUND", "errors:request.notFound");
    requestId = own.id;
    actorType = "CITIZEN";
  } else if (options.requestId && options.actor) {
    requestId = (await requireRequestAccess({ actor: options.actor, requestId: options.requestId, level: "work" })).id;
    actorType = "STAFF";
  } else throw new AppError("VALIDATION", "errors:handoff.whoRecords");

  const handoff = await db.handoff.findUnique({ where: { requestId } });
  if (!handoff) throw new AppError("VALIDATION", "errors:handoff.notHandedOff", { field: "orderId" });
  const provider = requireCapability(getProvider(handoff.provider), "statusTracking");
  const check = provider.checkOrderId!(options.orderId);
  if (!check.ok)
    throw new AppError("VALIDATION", check.reason === "checkDigit" ? "errors:handoff.orderIdCheckDigit" : "errors:handoff.orderIdFormat", {
      field: "orderId",
      details: { reason: check.reason },
    });
  if (handoff.orderId === check.orderId) return { handoffId: handoff.id, orderId: check.orderId, changed: false };
  if (isHandoffDecided(handoff.status)) throw new AppError("CONFLICT", "errors:handoff.orderClosed", { field: "orderId" });

  await db.$transaction(async (tx) => {
    await tx.handoff.update({
      where: { id: handoff.id },
      data: {
        orderId: check.orderId,
        orderRecordedAt: now,
        status: "SUBMITTED",
        providerStatus: null,
        failures: 0,
        lastError: null,
        nextCheckAt: now,
      },
    });
    await tx.requestEvent.create({
      data: {
        requestId,
        type: "handoff-order",
        actorType,
        actorId: actorType === "STAFF" ? options.actor!.id : null,
        isPublic: true,
        data: { handoffId: handoff.id, provider: handoff.provider, orderId: check.orderId },
        createdAt: now,
      },
    });
  });
  return { handoffId: handoff.id, orderId: check.orderId, changed: true };
}
