import twilio from "twilio";
import { failedBeforeSending } from "#integrations/network-errors.ts";
import { classifyTwilioError } from "./errors.ts";

/** One outbound message as Twilio's Messages list shows it (the fields we match on). */
export type TwilioListedMessage = { sid: string; to: string; body: string; status: string; direction: string; dateCreated: Date | null };

export type TwilioClient = {
  /** Sends one SMS; throws TwilioApiError (`uncertain` when it may have been sent all the same). */
  sendSms(options: { to: string; body: string; statusCallback?: string }): Promise<{ sid: string; status: string }>;
  /**
   * One page (newest first) of the messages our number sent to `to`: GET
   * /2010-04-01/Accounts/{sid}/Messages.json?To=&From=[&DateSent>=]. Without `dateSentAfter`
   * it includes messages Twilio still holds in its queue (they have no send date yet).
   * Throws TwilioApiError.
   */
  listSentMessages(options: { to: string; dateSentAfter?: Date; pageSize?: number }): Promise<TwilioListedMessage[]>;
};

/**
 * A send is re-checked rather than repeated once this has passed without an answer
 * (the notifications outbox takes an interrupted send over well after it: SEND_RECOVER_AFTER_MS).
 */
export const TWILIO_TIMEOUT_MS = 10_000;

/** A thin typed wrapper over the twilio library (REST over axios; msw answers it in tests). */
export function createTwilioClient(options: { accountSid: string; authToken: string; from: string; apiBaseUrl?: string }): TwilioClient {
  const client = twilio(options.accountSid, options.authToken, { autoRetry: false, timeout: TWILIO_TIMEOUT_MS });
  // Another endpoint speaking Twilio's REST API (the fault drills' local stand-in); the paths stay Twilio's.
  if (options.apiBaseUrl) client.api.baseUrl = options.apiBaseUrl.replace(/\/+$/, "");
  return {
    async sendSms({ to, body, statusCallback }) {
      try {
        const msg = await client.messages.create({ to, from: options.from, body, ...(statusCallback ? { statusCallback } : {}) });
        return { sid: msg.sid, status: msg.status };
      } catch (e) {
        throw toTwilioError(e);
      }
    },
    async listSentMessages({ to, dateSentAfter, pageSize = 50 }) {
      try {
        const page = await client.messages.page({ to, from: options.from, pageSize, ...(dateSentAfter ? { dateSentAfter } : {}) });
        return page.instances.map((m) => ({
          sid: m.sid,
          to: m.to,
          body: m.body,
          status: m.status,
          direction: m.direction,
          dateCreated: toDate(m.dateCreated),
        }));
      } catch (e) {
        throw toTwilioError(e);
      }
    },
  };
}

// A REST error carries Twilio's numeric code and HTTP status; a network error (axios) only a string code.
function toTwilioError(e: unknown) {
  const err = e as { status?: number; code?: number | string; message?: string };
  return classifyTwilioError({
    status: typeof err.status === "number" ? err.status : undefined,
    code: typeof err.code === "number" ? err.code : undefined,
    message: typeof err.code === "string" ? err.code : err.message,
    ...(failedBeforeSending(e) ? { uncertain: false } : {}),
  });
}

// The library hands back the original text when it cannot read a date.
function toDate(value: unknown): Date | null {
  const d = value instanceof Date ? value : typeof value === "string" ? new Date(value) : null;
  return d && !Number.isNaN(d.getTime()) ? d : null;
}
