import { z } from "zod";
import { SpeechError, type SpeechAudio, type SpeechResult, type SpeechToText } from "./speech-to-text.ts";

/**
 * Google Cloud Speech-to-Text v1, synchronous `speech:recognize` over REST with an API key
 * (restrict the key to this API). The audio goes inline, base64: WAV (LINEAR16 or MULAW,
 * as Twilio records) needs no encoding named, its header says it; MP3 and Telegram's
 * OGG/Opus voice notes (48 kHz) are named. Google's synchronous limit is about one minute
 * of audio: a longer recording is refused by Google (400) and stays for staff to listen to.
 */
const RecognizeResponseSchema = z.looseObject({
  results: z
    .array(z.looseObject({ alternatives: z.array(z.looseObject({ transcript: z.string().optional(), confidence: z.number().optional() })).optional() }))
    .optional(),
});

function encodingOf(mimeType: string): Record<string, unknown> | null {
  if (mimeType === "audio/x-wav" || mimeType === "audio/wav") return {};
  if (mimeType === "audio/mpeg") return { encoding: "MP3" };
  if (mimeType === "audio/ogg" || mimeType === "audio/opus") return { encoding: "OGG_OPUS", sampleRateHertz: 48000 };
  return null;
}

export function createGoogleSpeechToText(options: { apiKey: string; apiUrl?: string; timeoutMs?: number }): SpeechToText {
  const root = (options.apiUrl ?? "https://speech.googleapis.com").replace(/\/+$/, "");
  return {
    name: "google",
    async transcribe({ audio, language, signal }: { audio: SpeechAudio; language: string; signal?: AbortSignal }): Promise<SpeechResult> {
      const encoding = encodingOf(audio.mimeType);
      if (!encoding) throw new SpeechError("refused", `no Google encoding for ${audio.mimeType}`);
      const timeout = AbortSignal.timeout(options.timeoutMs ?? 60_000);
      let res: Response;
      try {
        res = await fetch(`${root}/v1/speech:recognize?key=${encodeURIComponent(options.apiKey)}`, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({
            config: { languageCode: language, enableAutomaticPunctuation: true, ...encoding },
            audio: { content: Buffer.from(audio.bytes).toString("base64") },
          }),
          signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
        });
      } catch (e) {
        // The key is in the URL: never put the request or its URL in the message.
        throw new SpeechError("temporary", `Google Speech-to-Text unreachable: ${(e as Error)?.name ?? "error"}`);
      }
      if (res.status === 429 || res.status >= 500) throw new SpeechError("temporary", `Google Speech-to-Text answered ${res.status}`);
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
        const detail = String(body?.error?.message ?? "").slice(0, 200);
        // 401/403: a key problem, fixed by an administrator; retried until then.
        if (res.status === 401 || res.status === 403) throw new SpeechError("temporary", `Google Speech-to-Text refused the key (${res.status})`);
        throw new SpeechError("refused", `Google Speech-to-Text answered ${res.status}: ${detail}`);
      }
      const parsed = RecognizeResponseSchema.safeParse(await res.json().catch(() => null));
      if (!parsed.success) throw new SpeechError("temporary", "Google Speech-to-Text answered something unexpected");
      const best = (parsed.data.results ?? []).map((r) => r.alternatives?.[0]).filter((a) => a?.transcript?.trim());
      if (!best.length) return null;
      const text = best
        .map((a) => a!.transcript!.trim())
        .join(" ")
        .replace(/\s+/g, " ");
      const confidences = best.map((a) => a!.confidence).filter((c): c is number => typeof c === "number");
      return { text, confidence: confidences.length ? Math.min(...confidences) : null };
    },
  };
}
