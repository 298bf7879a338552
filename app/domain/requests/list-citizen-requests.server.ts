import { getDb } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";

async function citizenIdOfChat(chatId: string) {
  const identity = await getDb().channelIdentity.findUnique({
    where: { channel_externalId: { channel: "TELEGRAM", externalId: chatId } },
    select: { citizenId: true },
  });
  return identity?.citizenId ?? null;
}

/** The chat's citizen's requests (any channel: one person, one history), newest first. */
export async function listCitizenRequests(options: { chatId: string; take?: number }) {
  const citizenId = await citizenIdOfChat(options.chatId);
  if (!citizenId) return [];
  return getDb().request.findMany({
    where: { citizenId },
    orderBy: { createdAt: "desc" },
    take: options.take ?? 10,
    select: { id: true, number: true, status: true, dueAt: true, description: true },
  });
}

/** One of the chat's own requests with its public timeline; someone else's request is "not found". */
export async function getCitizenRequest(options: { chatId: string; requestId: string }) {
  const citizenId = await citizenIdOfChat(options.chatId);
  const request = citizenId
    ? await getDb().request.findFirst({
        where: { id: options.requestId, citizenId },
        select: {
          id: true,
          number: true,
          status: true,
          dueAt: true,
          description: true,
          publicAnswer: true,
          citizenId: true,
          rating: { select: { score: true } },
          events: { where: { isPublic: true }, orderBy: { id: "asc" }, select: { type: true, toStatus: true, data: true, createdAt: true } },
        },
      })
    : null;
  if (!request) throw new AppError("NOT_FOUND", "errors:request.notFound");
  return request;
}

/** The chat's requests where staff wait for the citizen's answer, the most recently asked first. */
export async function getRequestsAwaitingAnswer(options: { chatId: string }) {
  const citizenId = await citizenIdOfChat(options.chatId);
  if (!citizenId) return [];
  return getDb().request.findMany({
    where: { citizenId, status: "WAITING_CITIZEN" },
    orderBy: { updatedAt: "desc" },
    take: 10,
    select: { id: true, number: true },
  });
}
