import { VoiceParamsSchema } from "#integrations/twilio/schemas.ts";
import { phoneMediaKey, phoneMediaUrl, wakeMediaFetcher } from "#app/domain/attachments/fetch-phone-media.server.ts";
import { submitRequest } from "#app/domain/requests/submit-request.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { t } from "#app/utils/i18n.server.ts";
import { createLogger } from "#app/utils/logger.server.ts";
import { callerPhone } from "./caller-number.ts";

const log = createLogger("twilio");

/**
 * The intake worker's step for a recorded voice event. A recording makes the call's one
 * request (idempotent on the CallSid), with no category and the placeholder description,
 * for operators to triage: the recording is an attachment waiting for the worker to
 * download it (only our account's Twilio URL; see phoneMediaKey). What was said comes
 * later: the maintenance worker transcribes the downloaded audio (transcribe-audio.server.ts),
 * replaces the placeholder and suggests a category.
 *
 * Twilio's own transcriptions are English-only and no longer asked for; one still recorded
 * from an older call is left alone (its text would be English guesses at Ukrainian speech).
 */
export async function processVoiceEvent(options: { payload: unknown }): Promise<{ requestId: string | null }> {
  const payload = options.payload as { kind?: string; params?: Record<string, unknown> } | null;
  if (payload?.kind !== "recording") return { requestId: null };
  const p = VoiceParamsSchema.parse(payload.params ?? {});
  const db = getDb();
  const call = await db.call.findUnique({ where: { callSid: p.CallSid } });
  // A withheld number is nobody's contact: the request is anonymous.
  const phone = callerPhone(call?.fromNumber ?? p.From);

  const result = await submitRequest({
    channel: "VOICE",
    externalId: p.CallSid,
    description: t("uk", "phone:voice.placeholderDescription"),
    // The caller's number is the door's own (Twilio-signed From): it proves the phone.
    citizen: phone ? { phone, identity: { channel: "SMS", externalId: phone } } : null,
  });
  const requestId = result.request.id;
  const recordingKey = phoneMediaKey(p.RecordingUrl) ?? phoneMediaKey(call?.recordingUrl);
  let pendingRecording = false;
  await db.$transaction(async (tx) => {
    // The request's row is the lock: the worker and the call's own answer (a withheld
    // number's request is made while the caller listens) may take the same recording at once.
    await tx.$queryRaw`SELECT id FROM "Request" WHERE id = ${requestId}::uuid FOR UPDATE`;
    if (recordingKey) {
      // One recording per call's request, whether still waiting or already downloaded.
      const has = await tx.attachment.findFirst({ where: { requestId, kind: "recording" }, select: { id: true } });
      if (!has) {
        await tx.attachment.create({ data: { requestId, kind: "recording", mimeType: "audio/x-wav", size: 0, storageKey: recordingKey, sha256: "" } });
        pendingRecording = !recordingKey.startsWith("sandbox:");
      }
    }
    await tx.call.updateMany({
      where: { callSid: p.CallSid },
      data: {
        requestId,
        ...(p.RecordingSid && !call?.recordingSid
          ? { recordingSid: p.RecordingSid, recordingUrl: phoneMediaUrl(p.RecordingUrl), recordingSecs: p.RecordingDuration }
          : {}),
      },
    });
  });
  if (pendingRecording) await wakeMediaFetcher(p.RecordingSid ?? p.CallSid);
  log.info("voice event processed", { kind: payload.kind, requestId, created: result.created });
  return { requestId };
}
