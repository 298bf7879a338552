import type { Channel, Prisma } from "#app/generated/prisma/client.ts";

/**
 * What a door does with one recorded delivery. Each channel (app/channels) registers its own
 * handler (Telegram update, Twilio SMS, …); the channel-neutral "submit-request" envelope
 * is built in, so any door can hand the core a ready request.
 */
export type InboundHandler = (event: {
  id: string;
  channel: Channel;
  externalId: string;
  payload: Prisma.JsonValue;
}) => Promise<{ requestId?: string | null } | void>;

const handlers = new Map<Channel, InboundHandler>();

export function registerInboundHandler(channel: Channel, handler: InboundHandler) {
  handlers.set(channel, handler);
}

export function getInboundHandler(channel: Channel): InboundHandler | undefined {
  return handlers.get(channel);
}
