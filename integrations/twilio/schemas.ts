import { z } from "zod";

/**
 * Twilio's resource ids: two letters and 32 hex digits (SM…, MM…, CA…, RE…, TR…). Anything
 * else did not come from Twilio as documented and is refused before it is used as a key.
 */
export const twilioSid = (...prefixes: string[]) => z.string().regex(new RegExp(`^(${prefixes.join("|")})[0-9a-fA-F]{32}$`));

/** Inbound SMS/MMS webhook fields (form-encoded). MediaUrlN/MediaContentTypeN are read by parseInboundMedia. */
export const InboundSmsSchema = z.looseObject({
  MessageSid: twilioSid("SM", "MM"),
  From: z.string().min(3).max(40),
  To: z.string().max(40).optional(),
  Body: z.string().max(5000).default(""),
  NumMedia: z.coerce.number().int().min(0).max(10).default(0),
});
export type InboundSms = z.infer<typeof InboundSmsSchema>;

export function parseInboundMedia(params: Record<string, string>): { url: string; contentType: string }[] {
  const n = Math.min(10, Number(params.NumMedia ?? 0) || 0);
  const out: { url: string; contentType: string }[] = [];
  for (let i = 0; i < n; i++) {
    const url = params[`MediaUrl${i}`];
    if (url) out.push({ url, contentType: params[`MediaContentType${i}`] ?? "application/octet-stream" });
  }
  return out;
}

/** Message status callback. */
export const MessageStatusSchema = z.looseObject({
  MessageSid: twilioSid("SM", "MM"),
  MessageStatus: z.string().min(1).max(30),
  ErrorCode: z.string().max(10).optional(),
  To: z.string().max(40).optional(),
});
export type MessageStatusCallback = z.infer<typeof MessageStatusSchema>;

/// Seconds: Twilio ends a call after 4 hours; a day is a generous bound that also keeps the
/// value inside PostgreSQL's integer, so a forged or broken number is a malformed webhook.
const seconds = () =>
  z.coerce
    .number()
    .int()
    .min(0)
    .max(24 * 60 * 60);

/** Every voice webhook carries these; the step-specific fields are optional. */
export const VoiceParamsSchema = z.looseObject({
  CallSid: twilioSid("CA"),
  From: z.string().max(40).default(""),
  To: z.string().max(40).optional(),
  CallStatus: z.string().max(30).optional(),
  CallDuration: seconds().optional(),
  // Keyed digits are the caller's input, not Twilio's: too many of them is a wrong
  // request number (answered "not found"), not a broken webhook.
  Digits: z.string().max(40).optional().catch(undefined),
  SpeechResult: z.string().max(1000).optional(),
  QueuePosition: z.coerce.number().int().min(0).max(100_000).optional(),
  QueueTime: seconds().optional(),
  QueueResult: z.string().max(30).optional(),
  RecordingSid: twilioSid("RE").optional(),
  RecordingUrl: z.string().max(1000).optional(),
  RecordingDuration: seconds().optional(),
  RecordingStatus: z.string().max(30).optional(),
  TranscriptionSid: twilioSid("TR").optional(),
  TranscriptionText: z.string().max(5000).optional(),
  TranscriptionStatus: z.string().max(30).optional(),
});
export type VoiceParams = z.infer<typeof VoiceParamsSchema>;

/** Twilio's REST error body. */
export const TwilioErrorBodySchema = z.looseObject({ code: z.number().optional(), message: z.string().optional(), status: z.number().optional() });
