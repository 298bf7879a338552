import type twilio from "twilio";

// The helper library's own attribute types for <Say> and <Gather> (generated from Twilio's TwiML definitions).
type VoiceResponseT = InstanceType<typeof twilio.twiml.VoiceResponse>;
type SayAttributes = Exclude<Parameters<VoiceResponseT["say"]>[0], string>;
type GatherAttributes = NonNullable<Parameters<VoiceResponseT["gather"]>[0]>;

/**
 * The Ukrainian text-to-speech voices Twilio's <Say> offers (language "uk-UA"). Source:
 * Twilio's voice list, https://www.twilio.com/docs/voice/twiml/say/text-speech, as carried
 * in the helper library's generated TwiML types (twilio-node 6.2, its `SayVoice` type:
 * Google.uk-UA-Standard-A and Google.uk-UA-Wavenet-A are the only uk-UA entries; no Polly
 * voice speaks Ukrainian, and "man"/"woman"/"alice" do not support uk-UA). The `satisfies`
 * below fails to compile if the library stops listing one of them.
 */
export const UK_UA_VOICES = ["Google.uk-UA-Standard-A", "Google.uk-UA-Wavenet-A"] as const satisfies readonly NonNullable<SayAttributes["voice"]>[];
export type UkrainianVoice = (typeof UK_UA_VOICES)[number];
export const DEFAULT_UK_UA_VOICE: UkrainianVoice = "Google.uk-UA-Standard-A";

/** The <Say> language of every prompt. */
export const SAY_LANGUAGE = "uk-UA" as const satisfies NonNullable<SayAttributes["language"]>;
/** The <Gather> speech-recognition language (Twilio's list of speech languages includes uk-UA). */
export const SPEECH_LANGUAGE = "uk-UA" as const satisfies NonNullable<GatherAttributes["language"]>;
