import { normalizePhone } from "#app/utils/phone.ts";

/**
 * What Twilio puts in From when the caller's number is withheld: the word ("anonymous",
 * "Anonymous", empty), a browser or app client ("client:…"), or one of its stand-in
 * numbers for anonymous, restricted, blocked, unknown and unavailable caller ID
 * (+266696687, +7378742833, +2562533, +8656696, +86282452253). None is a phone we could
 * text or call back, and none must become a citizen's contact: every withheld caller would
 * share one history.
 */
const TWILIO_WITHHELD_STAND_INS = new Set(["+266696687", "+7378742833", "+2562533", "+8656696", "+86282452253"]);

/** The caller's number in E.164 when it is a real one we may text or call back, else null. */
export function callerPhone(from: string | null | undefined): string | null {
  const raw = (from ?? "").trim();
  if (TWILIO_WITHHELD_STAND_INS.has(raw)) return null;
  return normalizePhone(raw);
}

/** True when no SMS or call back can reach this caller. */
export function isWithheldCaller(from: string | null | undefined): boolean {
  return callerPhone(from) === null;
}
