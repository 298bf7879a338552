import twilio from "twilio";
import { classifyTwilioError } from "./errors.ts";

export type TwilioClient = {
  /** Sends one SMS; throws TwilioApiError. */
  sendSms(options: { to: string; body: string; statusCallback?: string }): Promise<{ sid: string; status: string }>;
};

/** A thin typed wrapper over the twilio library (REST over axios; msw answers it in tests). */
export function createTwilioClient(options: { accountSid: string; authToken: string; from: string; apiBaseUrl?: string }): TwilioClient {
  const client = twilio(options.accountSid, options.authToken, { autoRetry: false, timeout: 15_000 });
  // Another endpoint speaking Twilio's REST API (the fault drills' local stand-in); the paths stay Twilio's.
  if (options.apiBaseUrl) client.api.baseUrl = options.apiBaseUrl.replace(/\/+$/, "");
  return {
    async sendSms({ to, body, statusCallback }) {
      try {
        const msg = await client.messages.create({ to, from: options.from, body, ...(statusCallback ? { statusCallback } : {}) });
        return { sid: msg.sid, status: msg.status };
      } catch (e) {
        const err = e as { status?: number; code?: number; message?: string };
        throw classifyTwilioError({
          status: typeof err.status === "number" ? err.status : undefined,
          code: typeof err.code === "number" ? err.code : undefined,
          message: err.message,
        });
      }
    },
  };
}
