import { http, HttpResponse } from "msw";

export type SpeechCall = { key: string | null; config: Record<string, unknown>; audio: Buffer };

/**
 * Google Cloud Speech-to-Text v1 `speech:recognize` as it answers: results with
 * alternatives (best first), `{}` when nothing was recognised, Google's error body on a
 * failure. `answer` decides from the audio; records every call.
 */
export function createGoogleSpeechApi(answer: (audio: Buffer) => { transcript: string; confidence?: number }[] | { status: number; message: string }) {
  const calls: SpeechCall[] = [];
  const handlers = [
    http.post("https://speech.googleapis.com/v1/speech:recognize", async ({ request }) => {
      const body = (await request.json()) as { config: Record<string, unknown>; audio: { content: string } };
      const audio = Buffer.from(body.audio.content, "base64");
      calls.push({ key: new URL(request.url).searchParams.get("key"), config: body.config, audio });
      const a = answer(audio);
      if (!Array.isArray(a)) return HttpResponse.json({ error: { code: a.status, message: a.message, status: "INVALID_ARGUMENT" } }, { status: a.status });
      if (!a.length) return HttpResponse.json({});
      return HttpResponse.json({
        results: a.map((r) => ({ alternatives: [{ transcript: r.transcript, confidence: r.confidence ?? 0.9 }], languageCode: "uk-ua" })),
        totalBilledTime: "2s",
      });
    }),
  ];
  return { handlers, calls };
}
