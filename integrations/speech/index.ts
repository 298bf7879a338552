export { SpeechError, type SpeechAudio, type SpeechResult, type SpeechToText } from "./speech-to-text.ts";
export { createSandboxSpeechToText, sandboxSpeechWav, SANDBOX_MARKER } from "./sandbox.ts";
export { createGoogleSpeechToText } from "./google.ts";
