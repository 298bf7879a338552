import { VoiceParamsSchema } from "#integrations/twilio/schemas.ts";
import { phoneMediaKey, phoneMediaUrl, wakeMediaFetcher } from "#app/domain/attachments/fetch-phone-media.server.ts";
import { submitRequest } from "#app/domain/requests/submit-request.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { t } from "#app/utils/i18n.server.ts";
import { createLogger } from "#app/utils/logger.server.ts";
import { normalizePhone } from "#app/utils/phone.ts";
import { storeCategorySuggestion } from "#app/domain/categories/suggest-category.server.ts";

const log = createLogger("twilio");

/**
 * The intake worker's step for a recorded voice event. A recording or its transcription
 * (either may come first) makes the call's one request (idempotent on the CallSid), with
 * no category, for operators to triage: the recording is an attachment waiting for the
 * worker to download it (only our account's Twilio URL; see phoneMediaKey), the
 * transcription becomes the description and feeds a category suggestion.
 */
export async function processVoiceEvent(options: { payload: unknown }): Promise<{ requestId: string | null }> {
  const payload = options.payload as { kind?: string; params?: Record<string, unknown> } | null;
  if (payload?.kind !== "recording" && payload?.kind !== "transcription") return { requestId: null };
  const p = VoiceParamsSchema.parse(payload.params ?? {});
  const db = getDb();
  const call = await db.call.findUnique({ where: { callSid: p.CallSid } });
  const from = call?.fromNumber ?? p.From;
  const phone = normalizePhone(from);
  const transcription = payload.kind === "transcription" && p.TranscriptionStatus !== "failed" ? p.TranscriptionText?.trim() || null : null;
  const placeholder = t("uk", "phone:voice.placeholderDescription");

  const result = await submitRequest({
    channel: "VOICE",
    externalId: p.CallSid,
    description: transcription && transcription.length >= 3 ? transcription : placeholder,
    // The caller's number is the door's own (Twilio-signed From): it proves the phone.
    citizen: phone ? { phone, identity: { channel: "SMS", externalId: phone } } : null,
  });
  const requestId = result.request.id;
  const recordingKey = phoneMediaKey(p.RecordingUrl) ?? phoneMediaKey(call?.recordingUrl);
  let pendingRecording = false;
  await db.$transaction(async (tx) => {
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
        ...(transcription ? { transcription } : {}),
      },
    });
    if (transcription && !result.created) {
      const current = await tx.request.findUniqueOrThrow({ where: { id: requestId }, select: { description: true } });
      if (current.description === placeholder) {
        await tx.request.update({ where: { id: requestId }, data: { description: transcription } });
        await tx.requestEvent.create({ data: { requestId, type: "transcription", actorType: "SYSTEM", data: { recordingSid: p.RecordingSid ?? null } } });
      }
    }
  });
  if (pendingRecording) await wakeMediaFetcher(p.RecordingSid ?? p.CallSid);
  if (transcription) await storeCategorySuggestion({ requestId, text: transcription });
  log.info("voice event processed", { kind: payload.kind, requestId, created: result.created });
  return { requestId };
}
