import { UUID } from "#app/domain/requests/request-access.server.ts";
import { isHandoffDecided } from "#app/domain/handoff/handoff-status.ts";
import { recordHandoffOrder } from "#app/domain/handoff/record-handoff-order.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";

async function citizenIdOfChat(chatId: string) {
  const identity = await getDb().channelIdentity.findUnique({
    where: { channel_externalId: { channel: "TELEGRAM", externalId: chatId } },
    select: { citizenId: true },
  });
  return identity?.citizenId ?? null;
}

/**
 * Whether the bot should offer "record the iGov order id" for this request: handed off
 * to iGov, still open, no order id yet. Someone else's request never qualifies.
 */
export async function canRecordTelegramHandoffOrder(options: { chatId: string; requestId: string }) {
  if (!UUID.test(options.requestId)) return false;
  const citizenId = await citizenIdOfChat(options.chatId);
  if (!citizenId) return false;
  const request = await getDb().request.findFirst({
    where: { id: options.requestId, citizenId, status: "HANDED_OFF" },
    select: { handoff: { select: { provider: true, orderId: true, status: true } } },
  });
  const h = request?.handoff;
  return Boolean(h && h.provider === "IGOV" && !h.orderId && !isHandoffDecided(h.status));
}

/**
 * The citizen, in their Telegram chat, records the iGov order id of their own handed-off
 * request. The chat's citizen must own the request (else NOT_FOUND); the id is checked and
 * stored by recordHandoffOrder (a bad check digit: VALIDATION, nothing stored).
 */
export async function recordTelegramHandoffOrder(options: { chatId: string; requestId: string; orderId: string; now?: Date }) {
  if (!UUID.test(options.requestId)) throw new AppError("NOT_FOUND", "errors:request.notFound");
  const citizenId = await citizenIdOfChat(options.chatId);
  if (!citizenId) throw new AppError("NOT_FOUND", "errors:request.notFound");
  const request = await getDb().request.findFirst({ where: { id: options.requestId, citizenId }, select: { number: true } });
  if (!request) throw new AppError("NOT_FOUND", "errors:request.notFound");
  const result = await recordHandoffOrder({ requestId: options.requestId, citizenId, orderId: options.orderId.trim(), now: options.now });
  return { ...result, number: request.number };
}
