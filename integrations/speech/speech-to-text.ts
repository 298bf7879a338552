// Speech-to-text behind one small interface, so the contact centre is not tied to one
// provider: a recording or voice note goes in, the words said come out. Twilio's own
// recording transcription is English-only, so the hotline's Ukrainian speech is ours to
// transcribe (after the recording is downloaded), and so are Telegram voice notes.

/** Audio the way we keep it: the bytes and their sniffed type. */
export type SpeechAudio = { bytes: Uint8Array; mimeType: string };

/** What was said, or null when nothing could be recognised. */
export type SpeechResult = { text: string; confidence: number | null } | null;

export interface SpeechToText {
  /** The provider's name, kept in logs. */
  readonly name: string;
  /** `language`: BCP-47, e.g. "uk-UA". Throws SpeechError. */
  transcribe(options: { audio: SpeechAudio; language: string; signal?: AbortSignal }): Promise<SpeechResult>;
}

/** "temporary": worth another try later; "refused": this audio will never be recognised (format, length, size). */
export type SpeechFailure = "temporary" | "refused";

export class SpeechError extends Error {
  readonly reason: SpeechFailure;
  constructor(reason: SpeechFailure, message: string) {
    super(message);
    this.name = "SpeechError";
    this.reason = reason;
  }
  get retryable() {
    return this.reason === "temporary";
  }
}
