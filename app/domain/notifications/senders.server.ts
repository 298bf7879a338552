import type { Channel } from "#app/generated/prisma/enums.ts";
import { createSandboxSender } from "./sandbox-sender.server.ts";

/** `prepared` is what the sender's own `prepare` returned for this message, if it has one. */
export type OutboundMessage = { address: string; text: string; notificationId: string; prepared?: unknown };

/**
 * A provider call made while sending must end within this (the outbox takes a send over
 * as interrupted only well after it: SEND_RECOVER_AFTER_MS in send-notification).
 */
export const SEND_TIMEOUT_MS = 10_000;

export type SendResult = {
  /** The provider's id of the sent message; must be unique per channel (Telegram: "<chatId>-<messageId>"). */
  externalId?: string;
  /** Set by a sender that stored the Message row itself (the sandbox); the caller then only links it. */
  messageId?: string;
};

/** What the provider knows of an attempt whose outcome we lost. */
export type FindSentResult = { found: true; externalId: string; messageId?: string } | { found: false };

/**
 * One per channel. `send` says what happened: it returns when the provider took the
 * message; throws PermanentSendError when it refused it for good, RetryableSendError when
 * it certainly did not take it (a refusal worth another try, or no connection at all), and
 * UncertainSendError when it may have taken it (no answer). Any other error counts as
 * uncertain: a message is sent at most once, so a doubt is never settled by sending again.
 */
export interface Sender {
  channel: Channel;
  send(msg: OutboundMessage): Promise<SendResult>;
  /**
   * Everything the sender must do or read before the provider call (pacing, buttons). It runs
   * before the attempt is recorded, so a failure here is plainly "not sent"; `send` then
   * holds only the provider call. A RetryableSendError's retry-after defers the send.
   */
  prepare?(msg: OutboundMessage): Promise<unknown>;
  /** Sending again cannot make a second message (the sandbox keys its row by notification). */
  idempotent?: boolean;
  /**
   * Asks the provider whether an attempt that started at `since` went out (Twilio's
   * Messages list). Throws when the provider cannot be asked right now. A channel without
   * it (Telegram) cannot tell, and an interrupted send there stays UNCERTAIN.
   */
  findSent?(msg: OutboundMessage & { since: Date }): Promise<FindSentResult>;
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

/** The provider may have taken the message: no answer came, or an answer that does not say. */
export class UncertainSendError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UncertainSendError";
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
