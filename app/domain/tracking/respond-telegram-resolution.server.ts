import { confirmResolution } from "#app/domain/requests/confirm-resolution.server.ts";
import { isAnswered } from "#app/domain/requests/status-machine.ts";
import { getDb } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { getCitizenRequest } from "#app/domain/requests/list-citizen-requests.server.ts";

/** The citizen says from Telegram whether their resolved request is really solved (no reopens it). */
export async function respondTelegramResolution(options: { chatId: string; requestId: string; resolved: boolean }) {
  const r = await getCitizenRequest({ chatId: options.chatId, requestId: options.requestId });
  return confirmResolution({ requestId: r.id, resolved: options.resolved, actor: { type: "CITIZEN", id: r.citizenId ?? undefined } });
}

/** 1–5 rating of the answer, once there is one; may be revised. */
export async function rateTelegramRequest(options: { chatId: string; requestId: string; score: number }) {
  if (!Number.isInteger(options.score) || options.score < 1 || options.score > 5) throw new AppError("VALIDATION", "errors:tracking.scoreRange");
  const r = await getCitizenRequest({ chatId: options.chatId, requestId: options.requestId });
  if (!isAnswered(r.status)) throw new AppError("CONFLICT", "errors:tracking.rateNotResolved", { details: { reason: "notResolved" } });
  await getDb().rating.upsert({
    where: { requestId: r.id },
    create: { requestId: r.id, score: options.score },
    update: { score: options.score },
  });
  return { number: r.number, score: options.score };
}
