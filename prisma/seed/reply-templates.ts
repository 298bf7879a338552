import { getDb } from "#app/utils/db.server.ts";

// Reply templates the console offers for public replies; {number} {name} {dueDate}
// {department} are filled in server-side. Seeded when missing; the admin edits them.
export const REPLY_TEMPLATES = [
  {
    code: "in-work",
    titleUk: "Взято в роботу",
    titleEn: "Taken into work",
    bodyUk: "Шановний(а) {name}! Вашу заявку {number} взято в роботу: {department}. Орієнтовний строк виконання — {dueDate}.",
    bodyEn: "Dear {name}, your request {number} is being worked on by {department}. Expected by {dueDate}.",
  },
  {
    code: "need-details",
    titleUk: "Потрібні уточнення",
    titleEn: "Details needed",
    bodyUk: "Шановний(а) {name}! Щоб виконати заявку {number}, нам потрібні уточнення. Будь ласка, відповідайте на це повідомлення.",
    bodyEn: "Dear {name}, to work on request {number} we need more details. Please reply to this message.",
  },
  {
    code: "planned-works",
    titleUk: "Планові роботи",
    titleEn: "Planned works",
    bodyUk: "Шановний(а) {name}! Проблема за заявкою {number} пов'язана з плановими роботами ({department}). Їх завершать до {dueDate}.",
    bodyEn: "Dear {name}, the problem in request {number} is due to planned works ({department}), to be finished by {dueDate}.",
  },
] as const;

/** Creates the templates that are missing; never overwrites an edited one. */
export async function seedReplyTemplates(): Promise<{ count: number }> {
  return getDb().replyTemplate.createMany({ data: REPLY_TEMPLATES.map((t) => ({ ...t })), skipDuplicates: true });
}
