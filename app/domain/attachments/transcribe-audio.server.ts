import { readFile } from "node:fs/promises";
import { createGoogleSpeechToText, createSandboxSpeechToText, SpeechError, type SpeechToText } from "#integrations/speech/index.ts";
import { storeCategorySuggestion } from "#app/domain/categories/suggest-category.server.ts";
import { requestTextData } from "#app/domain/requests/request-text.ts";
import { getDb } from "#app/utils/db.server.ts";
import { getEnv } from "#app/utils/env.server.ts";
import { t } from "#app/utils/i18n.server.ts";
import { createLogger } from "#app/utils/logger.server.ts";
import { isLocalStorageKey, uploadPath } from "./store-attachments.server.ts";

const log = createLogger("domain");

/** Attachment kinds that are speech: a hotline recording, a Telegram voice note. */
export const AUDIO_KINDS = ["recording", "voice"] as const;
/** The language the city's callers are transcribed in (Russian speech comes out as best it can). */
const SPEECH_LANGUAGE = "uk-UA";
const BATCH = 10;
/** A provider failing that long for one file is given up on: staff listen to it instead. */
const GIVE_UP_AFTER_MS = 24 * 3600_000;
/** Shorter than this is not a description (a cough, "алло"). */
const MIN_TEXT = 3;

/**
 * The descriptions a request gets while its words are only in audio: the hotline's
 * placeholder and a Telegram voice note's, in either language. Such a description is
 * replaced by the transcript once there is one; anything a person wrote never is.
 */
export function isAudioPlaceholder(description: string | null | undefined): boolean {
  const d = (description ?? "").trim();
  if (!d) return false;
  return (["uk", "en"] as const).some((lang) => d === t(lang, "phone:voice.placeholderDescription") || d === t(lang, "telegram:description.voice"));
}

/** The configured provider: SPEECH_PROVIDER (sandbox unless "google" with a key). */
export function getSpeechToText(): SpeechToText {
  const env = getEnv();
  if (env.SPEECH_PROVIDER === "google") {
    if (!env.GOOGLE_SPEECH_API_KEY) throw new Error("SPEECH_PROVIDER=google needs GOOGLE_SPEECH_API_KEY");
    return createGoogleSpeechToText({ apiKey: env.GOOGLE_SPEECH_API_KEY, apiUrl: env.GOOGLE_SPEECH_API_URL });
  }
  return createSandboxSpeechToText();
}

/**
 * The maintenance worker's sweep (after each media download): every downloaded recording
 * and voice note not yet transcribed goes to the speech-to-text provider once, and its
 * transcript is kept on the attachment (also "nothing recognised": transcribedAt set, no
 * text). When the request's description is still the audio placeholder, the transcript
 * replaces it, the timeline gets a "transcription" event and, for a request with no
 * category yet, a category is suggested from the words for the operator to confirm.
 *
 * Each row is taken under a row lock (SKIP LOCKED), so two workers never send the same
 * audio twice; a temporary provider failure leaves it for the next sweep, for a day.
 */
export async function transcribePendingAudio(options: { now?: Date; limit?: number; provider?: SpeechToText } = {}) {
  const db = getDb();
  const now = options.now ?? new Date();
  const counts = { transcribed: 0, empty: 0, failed: 0, waiting: 0 };
  // Downloaded files only: our own keys ("<random>.<ext>"); keys still waiting for a
  // download ("twilio:…", a Telegram file id) or given up ("unavailable:…") are not files.
  const rows = await db.attachment.findMany({
    where: { kind: { in: [...AUDIO_KINDS] }, transcribedAt: null, storageKey: { contains: "." }, NOT: { storageKey: { contains: ":" } } },
    orderBy: { createdAt: "asc" },
    take: options.limit ?? BATCH,
    select: { id: true },
  });
  if (!rows.length) return counts;
  const provider = options.provider ?? getSpeechToText();
  for (const { id } of rows) {
    const outcome = await transcribeOne({ id, provider, now });
    counts[outcome] += 1;
  }
  log.info("audio transcribed", { provider: provider.name, ...counts });
  return counts;
}

type Outcome = "transcribed" | "empty" | "failed" | "waiting";

/** One attachment now, with `provider` (the phone simulator's recordings, with the sandbox). */
export async function transcribeAttachment(options: { attachmentId: string; provider: SpeechToText; now?: Date }): Promise<Outcome> {
  return transcribeOne({ id: options.attachmentId, provider: options.provider, now: options.now ?? new Date() });
}

async function transcribeOne(options: { id: string; provider: SpeechToText; now: Date }): Promise<Outcome> {
  const db = getDb();
  let suggestFor: { requestId: string; text: string } | null = null;
  const outcome = await db.$transaction(
    async (tx): Promise<Outcome | null> => {
      const locked = await tx.$queryRaw<{ id: string }[]>`
        SELECT id FROM "Attachment" WHERE id = ${options.id}::uuid AND "transcribedAt" IS NULL FOR UPDATE SKIP LOCKED`;
      if (!locked.length) return null;
      const a = await tx.attachment.findUniqueOrThrow({
        where: { id: options.id },
        select: { id: true, requestId: true, kind: true, mimeType: true, storageKey: true, createdAt: true },
      });
      const done = (transcript: string | null) =>
        tx.attachment.update({ where: { id: a.id }, data: { transcript, transcribedAt: options.now }, select: { id: true } });
      if (!isLocalStorageKey(a.storageKey)) {
        await done(null);
        return "failed";
      }
      const bytes = await readFile(uploadPath(a.storageKey)).catch(() => null);
      if (!bytes) {
        log.warn("audio file missing; not transcribed", { attachmentId: a.id });
        await done(null);
        return "failed";
      }
      let text: string | null;
      try {
        const result = await options.provider.transcribe({ audio: { bytes, mimeType: a.mimeType }, language: SPEECH_LANGUAGE });
        text = result?.text.replace(/\s+/g, " ").trim().slice(0, 5000) || null;
      } catch (e) {
        if (!(e instanceof SpeechError)) throw e;
        const expired = options.now.getTime() - a.createdAt.getTime() > GIVE_UP_AFTER_MS;
        log.warn("speech-to-text failed", {
          attachmentId: a.id,
          provider: options.provider.name,
          reason: e.reason,
          error: e.message,
          givenUp: !e.retryable || expired,
        });
        if (e.retryable && !expired) return "waiting";
        await done(null);
        return "failed";
      }
      await done(text);
      if (!text || text.length < MIN_TEXT) return "empty";
      // The request's row is the lock against the intake and staff editing it at the same time.
      await tx.$queryRaw`SELECT id FROM "Request" WHERE id = ${a.requestId}::uuid FOR UPDATE`;
      const request = await tx.request.findUniqueOrThrow({ where: { id: a.requestId }, select: { description: true, address: true, categoryId: true } });
      if (a.kind === "recording") await tx.call.updateMany({ where: { requestId: a.requestId, transcription: null }, data: { transcription: text } });
      if (isAudioPlaceholder(request.description)) {
        await tx.request.update({ where: { id: a.requestId }, data: requestTextData({ description: text, address: request.address }) });
        await tx.requestEvent.create({
          data: {
            requestId: a.requestId,
            type: "transcription",
            actorType: "SYSTEM",
            data: { attachmentId: a.id, kind: a.kind, provider: options.provider.name },
          },
        });
        if (!request.categoryId) suggestFor = { requestId: a.requestId, text };
      }
      return "transcribed";
    },
    // The provider is asked while the row is held (so no other worker asks it too).
    { timeout: 120_000, maxWait: 10_000 },
  );
  if (suggestFor) await storeCategorySuggestion(suggestFor);
  return outcome ?? "waiting";
}
