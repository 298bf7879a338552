import { getDb } from "#app/utils/db.server.ts";

// Reply templates the console offers for public replies; {number} {dueDate} {department}
// are filled in server-side. Seeded when missing; the admin edits them. The Ukrainian texts
// greet without the citizen's name: addressing by name needs the vocative (Олено, Петре),
// which cannot be made reliably from a name typed in any order ("Шановний(а) Олена
// Петренко!" is wrong Ukrainian). English keeps "Dear {name}".
export const REPLY_TEMPLATES = [
  {
    code: "in-work",
    titleUk: "Взято в роботу",
    titleEn: "Taken into work",
    bodyUk: "Доброго дня! Вашу заявку {number} взято в роботу: {department}. Орієнтовний строк виконання — {dueDate}.",
    bodyEn: "Dear {name}, your request {number} is being worked on by {department}. Expected by {dueDate}.",
  },
  {
    code: "need-details",
    titleUk: "Потрібні уточнення",
    titleEn: "Details needed",
    bodyUk: "Доброго дня! Щоб виконати заявку {number}, нам потрібні уточнення. Будь ласка, дайте відповідь на це повідомлення.",
    bodyEn: "Dear {name}, to work on request {number} we need more details. Please reply to this message.",
  },
  {
    code: "planned-works",
    titleUk: "Планові роботи",
    titleEn: "Planned works",
    bodyUk: "Доброго дня! Проблема за заявкою {number} пов'язана з плановими роботами ({department}). Їх завершать до {dueDate}.",
    bodyEn: "Dear {name}, the problem in request {number} is due to planned works ({department}), to be finished by {dueDate}.",
  },
] as const;

/** The Ukrainian texts seeded before, with the name in the nominative: replaced where nobody edited them. */
const EARLIER_UK: Record<string, string> = {
  "in-work": "Шановний(а) {name}! Вашу заявку {number} взято в роботу: {department}. Орієнтовний строк виконання — {dueDate}.",
  "need-details": "Шановний(а) {name}! Щоб виконати заявку {number}, нам потрібні уточнення. Будь ласка, відповідайте на це повідомлення.",
  "planned-works": "Шановний(а) {name}! Проблема за заявкою {number} пов'язана з плановими роботами ({department}). Їх завершать до {dueDate}.",
};

/** Creates the templates that are missing and updates an unedited earlier text; never overwrites an edited one. */
export async function seedReplyTemplates(): Promise<{ count: number }> {
  const db = getDb();
  for (const tpl of REPLY_TEMPLATES) {
    const earlier = EARLIER_UK[tpl.code];
    if (earlier) await db.replyTemplate.updateMany({ where: { code: tpl.code, bodyUk: earlier }, data: { bodyUk: tpl.bodyUk } });
  }
  return db.replyTemplate.createMany({ data: REPLY_TEMPLATES.map((t) => ({ ...t })), skipDuplicates: true });
}
