import type { Channel } from "#app/generated/prisma/enums.ts";
import type { Prisma } from "#app/generated/prisma/client.ts";
import type { Tx } from "#app/utils/db.server.ts";
import type { Followups } from "./after-commit.server.ts";
import { transitionWithin } from "./transition-request.server.ts";

/**
 * A citizen adds words or files to their request, from any door (tracking page, Telegram,
 * SMS): one public "citizen-info" event; and when staff asked them a question
 * (WAITING_CITIZEN), this is the answer, so the request goes back to work.
 */
export async function recordCitizenMessageWithin(options: {
  tx: Tx;
  followups: Followups;
  requestId: string;
  citizenId: string | null;
  channel: Channel;
  text?: string | null;
  data?: Record<string, unknown>;
}): Promise<{ answered: boolean }> {
  const { tx, requestId } = options;
  await tx.requestEvent.create({
    data: {
      requestId,
      type: "citizen-info",
      actorType: "CITIZEN",
      actorId: options.citizenId,
      isPublic: true,
      data: { ...(options.text ? { text: options.text } : {}), channel: options.channel, ...(options.data ?? {}) } as Prisma.InputJsonValue,
    },
  });
  const current = await tx.request.findUniqueOrThrow({ where: { id: requestId }, select: { status: true } });
  if (current.status !== "WAITING_CITIZEN") return { answered: false };
  await transitionWithin({
    tx,
    followups: options.followups,
    requestId,
    to: "IN_PROGRESS",
    actor: { type: "CITIZEN", id: options.citizenId ?? undefined },
    eventType: "citizen-answered",
  });
  return { answered: true };
}
