import type { Channel } from "#app/generated/prisma/enums.ts";
import { createSandboxSender } from "./sandbox-sender.server.ts";

export type OutboundMessage = { address: string; text: string; notificationId: string };

export type SendResult = {
  /** The provider's id of the sent message; must be unique per channel (Telegram: "<chatId>-<messageId>"). */
  externalId?: string;
  /** Set by a sender that stored the Message row itself (the sandbox); the caller then only links it. */
  messageId?: string;
};

/**
 * One per channel. `send` throws PermanentSendError when retrying cannot help and
 * RetryableSendError when it can; any other error is treated as retryable.
 */
export interface Sender {
  channel: Channel;
  send(msg: OutboundMessage): Promise<SendResult>;
}

export type PermanentReason = "blocked" | "opted-out" | "invalid-address" | "other";

/** Never retried. "blocked" (Telegram 403) and "opted-out" (Twilio 21610) also mark the identity. */
export class PermanentSendError extends Error {
  readonly reason: PermanentReason;
  constructor(reason: PermanentReason, message: string = reason) {
    super(message);
    this.name = "PermanentSendError";
    this.reason = reason;
  }
}

/** Worth another try later; `retryAfterMs` is the provider's own hint (Telegram 429 retry_after). */
export class RetryableSendError extends Error {
  readonly retryAfterMs?: number;
  /** Filled in by sendNotification: when the row becomes due again (the worker's backoff follows it). */
  retryAt?: Date;
  constructor(message: string, retryAfterMs?: number) {
    super(message);
    this.name = "RetryableSendError";
    this.retryAfterMs = retryAfterMs;
  }
}

declare global {
  var __slvSenders: Map<Channel, Sender> | undefined;
}

function registry() {
  return (globalThis.__slvSenders ??= new Map());
}

/** Workers register the Telegram and Twilio senders at start when their credentials exist; otherwise the sandbox sender keeps everything visible in the outbox. */
export function registerSender(sender: Sender) {
  registry().set(sender.channel, sender);
}

/** The registered sender, or the sandbox one, which keeps the text as a Message row and sends nothing. */
export function getSender(channel: Channel): Sender {
  return registry().get(channel) ?? createSandboxSender(channel);
}

export function isSandboxChannel(channel: Channel) {
  return !registry().has(channel);
}

/** Tests only: back to "every channel goes to the sandbox". */
export function resetSenders() {
  registry().clear();
}
