import type { SpeechAudio, SpeechResult, SpeechToText } from "./speech-to-text.ts";

/**
 * The sandbox provider: no account, no network, the same answer for the same bytes. It
 * "recognises" only audio that carries its text in a marker (`sandbox-transcript=` followed
 * by UTF-8 text, ended by a NUL byte or the end of the file), such as the WAV files
 * sandboxSpeechWav writes for tests and the phone simulator; any other audio is
 * "nothing recognised". So tests and a local run go through the whole path (download,
 * transcribe, replace the placeholder, suggest a category) without a provider.
 */
export const SANDBOX_MARKER = "sandbox-transcript=";

export function createSandboxSpeechToText(): SpeechToText {
  return {
    name: "sandbox",
    async transcribe({ audio }: { audio: SpeechAudio }): Promise<SpeechResult> {
      const bytes = Buffer.from(audio.bytes);
      const at = bytes.indexOf(SANDBOX_MARKER, 0, "latin1");
      if (at < 0) return null;
      const start = at + SANDBOX_MARKER.length;
      const end = bytes.indexOf(0, start);
      const text = bytes
        .subarray(start, end < 0 ? bytes.length : end)
        .toString("utf8")
        .trim();
      return text ? { text, confidence: 1 } : null;
    },
  };
}

/**
 * A short, valid WAV (8 kHz mono 16-bit PCM, `seconds` of silence) whose LIST/INFO comment
 * (ICMT) carries `text` for the sandbox provider. Without text: audio nobody can recognise.
 */
export function sandboxSpeechWav(text?: string, seconds = 1): Buffer {
  const rate = 8000;
  const data = Buffer.alloc(rate * 2 * seconds);
  const chunk = (id: string, body: Buffer) => {
    const pad = body.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0);
    const head = Buffer.alloc(8);
    head.write(id, 0, "latin1");
    head.writeUInt32LE(body.length, 4);
    return Buffer.concat([head, body, pad]);
  };
  const fmt = Buffer.alloc(16);
  fmt.writeUInt16LE(1, 0); // PCM
  fmt.writeUInt16LE(1, 2); // mono
  fmt.writeUInt32LE(rate, 4);
  fmt.writeUInt32LE(rate * 2, 8);
  fmt.writeUInt16LE(2, 12);
  fmt.writeUInt16LE(16, 14);
  const parts = [chunk("fmt ", fmt)];
  if (text) {
    const comment = chunk("ICMT", Buffer.concat([Buffer.from(SANDBOX_MARKER + text, "utf8"), Buffer.alloc(1)]));
    parts.push(chunk("LIST", Buffer.concat([Buffer.from("INFO", "latin1"), comment])));
  }
  parts.push(chunk("data", data));
  const body = Buffer.concat([Buffer.from("WAVE", "latin1"), ...parts]);
  return chunk("RIFF", body);
}
