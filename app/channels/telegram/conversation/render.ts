// Texts the chat shows that are built from the core's data (outages, statuses, timelines).
import { formatKyivMoment } from "#app/domain/calendar/kyiv-time.ts";
import { t, type Lang } from "#app/utils/i18n.server.ts";
import { menuKeyboard } from "../keyboards.ts";
import type { Turn } from "./turn.ts";

export function outageText(lang: Lang, o: { titleUk: string; titleEn: string | null; causeUk: string; causeEn: string | null; plannedEndAt: Date | null }) {
  const lines = [
    t(lang, "telegram:outage.known", {
      title: lang === "en" ? (o.titleEn ?? o.titleUk) : o.titleUk,
      cause: lang === "en" ? (o.causeEn ?? o.causeUk) : o.causeUk,
    }),
  ];
  if (o.plannedEndAt) lines.push(t(lang, "telegram:outage.plannedEnd", { date: formatKyivMoment(o.plannedEndAt, lang) }));
  return lines.join("\n");
}

export function statusText(lang: Lang, status: string) {
  return t(lang, `notifications:status.${status}`);
}

export function eventText(lang: Lang, e: { type: string; toStatus: string | null; data: unknown }) {
  const data = (e.data && typeof e.data === "object" ? e.data : {}) as Record<string, unknown>;
  const cut = (v: unknown) => String(v ?? "").slice(0, 300);
  if (typeof data.question === "string") return t(lang, "telegram:event.question", { text: cut(data.question) });
  if (typeof data.publicAnswer === "string") return t(lang, "telegram:event.answer", { text: cut(data.publicAnswer) });
  if (e.type === "citizen-info") return t(lang, "telegram:event.citizen-info", { text: cut(data.text) });
  if (["received", "citizen-answered", "reopened", "confirmed", "outage-linked"].includes(e.type)) return t(lang, `telegram:event.${e.type}`);
  if (e.toStatus) return t(lang, "telegram:event.status-changed", { status: statusText(lang, e.toStatus) });
  if (typeof data.text === "string") return t(lang, "telegram:event.answer", { text: cut(data.text) });
  return t(lang, "telegram:event.other");
}

export function showMenu(turn: Turn) {
  return turn.reply(t(turn.lang, "telegram:menu.title"), menuKeyboard(turn.lang));
}
