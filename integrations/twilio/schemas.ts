import { z } from "zod";

/** Inbound SMS/MMS webhook fields (form-encoded). MediaUrlN/MediaContentTypeN are read by parseInboundMedia. */
export const InboundSmsSchema = z.looseObject({
  MessageSid: z.string().min(10).max(64),
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
  MessageSid: z.string().min(10).max(64),
  MessageStatus: z.string().min(1).max(30),
  ErrorCode: z.string().max(10).optional(),
  To: z.string().max(40).optional(),
});
export type MessageStatusCallback = z.infer<typeof MessageStatusSchema>;

/** Every voice webhook carries these; the step-specific fields are optional. */
export const VoiceParamsSchema = z.looseObject({
  CallSid: z.string().min(10).max(64),
  From: z.string().max(40).default(""),
  To: z.string().max(40).optional(),
  CallStatus: z.string().max(30).optional(),
  CallDuration: z.coerce.number().int().min(0).optional(),
  Digits: z.string().max(40).optional(),
  SpeechResult: z.string().max(1000).optional(),
  QueuePosition: z.coerce.number().int().min(0).optional(),
  QueueTime: z.coerce.number().int().min(0).optional(),
  QueueResult: z.string().max(30).optional(),
  RecordingSid: z.string().max(64).optional(),
  RecordingUrl: z.string().max(1000).optional(),
  RecordingDuration: z.coerce.number().int().min(0).optional(),
  RecordingStatus: z.string().max(30).optional(),
  TranscriptionSid: z.string().max(64).optional(),
  TranscriptionText: z.string().max(5000).optional(),
  TranscriptionStatus: z.string().max(30).optional(),
});
export type VoiceParams = z.infer<typeof VoiceParamsSchema>;

/** Twilio's REST error body. */
export const TwilioErrorBodySchema = z.looseObject({ code: z.number().optional(), message: z.string().optional(), status: z.number().optional() });
