import { fitSmsParts, countSmsSegments } from "#integrations/twilio/segments.ts";
import { shortTrackingUrl } from "#app/domain/tracking/short-tracking-link.server.ts";
import { hasText, t, toLang, type Lang } from "#app/utils/i18n.server.ts";
import { renderNotification } from "./render-notification.ts";

/** Every SMS we send fits this many parts (a Cyrillic part is 67 characters). */
export const SMS_MAX_SEGMENTS = 2;

/**
 * The one place an SMS body is built from a notification: the text in the citizen's
 * language, fitted to two SMS parts. What must not be lost is kept whole at the end and
 * only the text before it is shortened, at a word: what the citizen can do (the ТАК/НІ
 * question after a resolution, "СТАРТ" after STOP) and the request's short tracking link. The link is always on a receipt and on an answer to a
 * message; any other text that had to be shortened gets it too, so the whole of it can be
 * read on the tracking page.
 */
export function renderSmsNotification(options: {
  template: string;
  params: Record<string, unknown>;
  lang: Lang;
  requestId: string | null;
  /** The recipient is the request's own author (only they may answer a resolution). */
  isAuthor: boolean;
}): string {
  const { template, params, requestId } = options;
  // An answer to a message was written in the language chosen when it was queued.
  const lang = params.inReplyTo && typeof params.lang === "string" ? toLang(params.lang) : options.lang;
  const number = typeof params.number === "string" && params.number ? params.number : null;
  const link = requestId && number ? shortTrackingUrl({ requestId, number }) : null;
  // A link that came with the notification (a service's page after a hand-off) stays whole.
  const ownLink = typeof params.link === "string" && params.link.trim() ? t(lang, "notifications:link", { link: params.link.trim() }) : null;
  const rest = { ...params, link: null };

  // An answer to a message is written whole where it is queued (queueSmsReply).
  const reply = template === "reply" && typeof params.inReplyTo === "string";
  const body = reply ? String(params.text ?? "") : renderNotification({ template, params: rest, lang });
  const more = reply && Array.isArray(params.more) ? params.more.map(String) : [];
  const after = [
    typeof params.after === "string" ? params.after : null,
    template === "resolved" && options.isAuthor && hasText(lang, "phone:sms.resolvedAsk") ? t(lang, "phone:sms.resolvedAsk") : null,
  ].filter(Boolean);
  const wantsLink = template === "received" || params.trackingLink === true;

  const whole = [body, ...after, ownLink, wantsLink ? link : null].filter(Boolean).join("\n");
  const shortened = countSmsSegments(whole).segments > SMS_MAX_SEGMENTS;
  // Shortened, the rest is read on the tracking page, which also shows a service's own link
  // (a hand-off): that link then gives way to ours rather than crowd out the text.
  const tail = [...after, shortened && link ? null : ownLink, wantsLink || shortened ? link : null].filter(Boolean).join("\n");
  return fitSmsParts({ body, more, tail, maxSegments: SMS_MAX_SEGMENTS });
}
