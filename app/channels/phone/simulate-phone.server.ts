import { createHash, randomBytes } from "node:crypto";
import { createSandboxSpeechToText, sandboxSpeechWav } from "#integrations/speech/index.ts";
import { messagingTwiml } from "#integrations/twilio/twiml.ts";
import { writeUpload } from "#app/domain/attachments/store-attachments.server.ts";
import { transcribeAttachment } from "#app/domain/attachments/transcribe-audio.server.ts";
import { recordAudit } from "#app/domain/audit/record-audit.server.ts";
import { processInboundEvent } from "#app/domain/intake/process-inbound-event.server.ts";
import { sendNotification } from "#app/domain/notifications/send-notification.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { normalizePhone } from "#app/utils/phone.ts";
import type { StaffActor } from "#app/domain/requests/request-access.server.ts";
import { handleVoiceStep, VOICE_STEPS, type VoiceStep } from "./handle-voice-step.server.ts";
import { receiveSms } from "#app/domain/intake/receive-sms.server.ts";
import { canUsePhoneSimulator, isPhoneSandbox } from "#app/domain/notifications/phone-sandbox.server.ts";
import { registerPhoneChannel } from "./register-phone-channel.server.ts";

// Shaped like Twilio's own ids (two letters, 32 hex digits), which the schemas require.
const fakeSid = (prefix: string) => prefix + randomBytes(16).toString("hex");

/**
 * The staff phone simulator: the same domain steps Twilio's webhooks call, without
 * signatures or accounts. An SMS is recorded and processed at once (as the worker would),
 * its outbox rows sent (to the sandbox unless Twilio is configured); a voice step returns
 * its TwiML. Returns what the caller would see or hear.
 *
 * It speaks for any number it is given, so it works only in sandbox mode (NOT_FOUND
 * otherwise: with a real account it would opt real people out or send them texts), only
 * for admins (FORBIDDEN), and each use is audited. The replies it shows are the sandbox
 * outbox's messages to that number, never what a real provider delivered to it.
 */
export async function simulatePhone(
  options: { actor: StaffActor; ip?: string | null } & (
    | { kind: "sms"; from: string; body: string }
    | { kind: "voice"; from: string; callSid?: string | null; step: string; digits?: string | null; speech?: string | null; transcript?: string | null }
  ),
): Promise<{ twiml: string | null; callSid?: string; replies: { body: string; createdAt: Date }[] }> {
  if (!isPhoneSandbox()) throw new AppError("NOT_FOUND", "errors:phone.simulatorUnavailable");
  if (!canUsePhoneSimulator(options.actor.role)) throw new AppError("FORBIDDEN", "errors:phone.simulatorForbidden");
  const phone = normalizePhone(options.from);
  if (!phone) throw new AppError("VALIDATION", "errors:contact.phoneInvalid", { field: "from" });
  await recordAudit({
    actorId: options.actor.id,
    action: "phone-simulator.used",
    entityType: "PhoneSimulator",
    // The number and the text are personal data: only the tail and the kind of use.
    data: { kind: options.kind, phoneTail: phone.slice(-2), ...(options.kind === "voice" ? { step: options.step.slice(0, 60) } : {}) },
    ip: options.ip ?? null,
  });
  registerPhoneChannel({}); // the intake handlers, in this (web) process too
  let twiml: string | null;
  let callSid: string | undefined;
  if (options.kind === "sms") {
    const r = await receiveSms({ params: { MessageSid: fakeSid("SM"), From: phone, To: "simulator", Body: options.body, NumMedia: "0" } });
    twiml = messagingTwiml(r.reply);
    await processInboundEvent({ inboundEventId: r.inboundEventId });
  } else {
    const [path, query] = options.step.split("?");
    const step = (path ?? "").replace(/^.*\//, "") || "incoming";
    if (!VOICE_STEPS.includes(step as VoiceStep)) throw new AppError("VALIDATION", "errors:phone.unknownStep", { field: "step" });
    callSid = options.callSid || fakeSid("CA");
    const params: Record<string, string> = { CallSid: callSid, From: phone, To: "simulator" };
    if (options.digits) params.Digits = options.digits;
    if (options.speech) params.SpeechResult = options.speech;
    if (step === "recorded")
      Object.assign(params, { RecordingSid: `RE${callSid.slice(2)}`, RecordingUrl: `sandbox:recording:${callSid}`, RecordingDuration: "10" });
    if (step === "queue-wait") Object.assign(params, { QueuePosition: "1", QueueTime: String(Number(options.digits ?? 0) || 0) });
    if (step === "queue-done") params.QueueResult = "leave";
    twiml = (await handleVoiceStep({ step: step as VoiceStep, params, query: Object.fromEntries(new URLSearchParams(query ?? "")) })).twiml;
    if (step === "recorded") {
      const events = await getDb().inboundEvent.findMany({
        where: { channel: "VOICE", processedAt: null, externalId: `RE${callSid.slice(2)}` },
        select: { id: true },
      });
      for (const e of events) await processInboundEvent({ inboundEventId: e.id });
      // What the simulated caller "said" becomes a short sandbox recording carrying the words,
      // transcribed by the sandbox provider the way a real recording is (transcribe-audio.server.ts).
      if (options.transcript?.trim()) await simulateRecordingWords({ callSid, words: options.transcript.trim().slice(0, 1000) });
    }
  }
  const due = await getDb().notification.findMany({ where: { address: phone, status: "PENDING" }, select: { id: true } });
  for (const n of due) await sendNotification({ notificationId: n.id }).catch(() => undefined);
  const replies = await getDb().message.findMany({
    where: { channel: "SMS", direction: "OUT", address: phone, sandbox: true },
    orderBy: { createdAt: "desc" },
    take: 10,
    select: { body: true, createdAt: true },
  });
  return { twiml, callSid, replies };
}

async function simulateRecordingWords(options: { callSid: string; words: string }) {
  const db = getDb();
  const call = await db.call.findUnique({ where: { callSid: options.callSid }, select: { requestId: true } });
  if (!call?.requestId) return;
  const recording = await db.attachment.findFirst({
    where: { requestId: call.requestId, kind: "recording", storageKey: { startsWith: "sandbox:" } },
    select: { id: true, storageKey: true },
  });
  if (!recording) return;
  const bytes = sandboxSpeechWav(options.words);
  const storageKey = await writeUpload(bytes, "wav");
  await db.attachment.updateMany({
    where: { id: recording.id, storageKey: recording.storageKey },
    data: { storageKey, mimeType: "audio/x-wav", size: bytes.length, sha256: createHash("sha256").update(bytes).digest("hex") },
  });
  await transcribeAttachment({ attachmentId: recording.id, provider: createSandboxSpeechToText() });
}
