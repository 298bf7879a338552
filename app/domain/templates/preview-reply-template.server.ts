import { z } from "zod";
import { renderNotification } from "#app/domain/notifications/render-notification.ts";
import { renderSmsNotification, SMS_MAX_SEGMENTS } from "#app/domain/notifications/render-sms-notification.server.ts";
import { kyivWallClock } from "#app/domain/calendar/kyiv-time.ts";
import { t, type Lang } from "#app/utils/i18n.server.ts";
import { parseInput } from "#app/utils/parse-input.ts";
import { countSmsSegments } from "#integrations/twilio/segments.ts";
import { renderReplyTemplate } from "./render-reply-template.ts";
import { requireValidTemplateTexts } from "./reply-template-placeholders.ts";
import { replyTemplateValues } from "./reply-template-values.ts";

export const PreviewReplyTemplateInputSchema = z.object({
  bodyUk: z.string().trim().min(2).max(5000),
  bodyEn: z.string().trim().min(2).max(5000),
  now: z.date().optional(),
});

// A made-up request for the preview: the short tracking link of an SMS needs an id.
const SAMPLE_REQUEST_ID = "00000000-0000-4000-8000-000000000123";

/**
 * A template as a citizen would get it, before it is saved: both texts filled with sample
 * values (replyTemplateValues, as the console fills them), wrapped as the "reply"
 * notification a chat or e-mail carries (renderNotification), and as the SMS it becomes
 * (renderSmsNotification, fitted to two parts) with its part count from Twilio's calculator.
 * The texts go through the same checks as saving.
 */
export function previewReplyTemplate(input: z.input<typeof PreviewReplyTemplateInputSchema>) {
  const data = parseInput(PreviewReplyTemplateInputSchema, input);
  requireValidTemplateTexts(data);
  const now = data.now ?? new Date();
  const number = `SLV-${kyivWallClock(now).year}-000123`;
  const dueAt = new Date(now.getTime() + 7 * 24 * 3600 * 1000);
  const render = (lang: Lang, body: string) => {
    const values = replyTemplateValues({
      lang,
      number,
      fullName: t(lang, "admin:templates.sample.name"),
      dueAt,
      department: t(lang, "admin:templates.sample.department"),
      category: t(lang, "admin:templates.sample.category"),
      address: t(lang, "admin:templates.sample.address"),
      operator: t(lang, "admin:templates.sample.operator"),
    });
    const text = renderReplyTemplate(body, values);
    // What recordNotifications stores for a public reply: the request's number and the text.
    const params = { number, text };
    const message = renderNotification({ template: "reply", params, lang });
    const sms = renderSmsNotification({ template: "reply", params, lang, requestId: SAMPLE_REQUEST_ID, isAuthor: true });
    const whole = countSmsSegments(message);
    const sent = countSmsSegments(sms);
    return {
      text,
      message,
      sms: { text: sms, segments: sent.segments, encoding: sent.encoding, wholeSegments: whole.segments, shortened: whole.segments > SMS_MAX_SEGMENTS },
    };
  };
  return { sample: { number }, uk: render("uk", data.bodyUk), en: render("en", data.bodyEn) };
}
