import type { CalendarRegime, DeadlineKind, StatutoryTerm, TermUnit } from "#app/generated/prisma/enums.ts";
import { getTermCalendar } from "#app/domain/calendar/get-work-calendar.server.ts";
import { appealCapDueAt, legalClockDueAt, addTerm, type WorkCalendar } from "#app/domain/calendar/terms.ts";
import { getSetting, type SETTING_DEFAULTS } from "#app/domain/settings/get-setting.server.ts";
import type { Tx } from "#app/utils/db.server.ts";
import { triageDueAt } from "./triage-term.ts";

export type DeadlineSpec = { kind: DeadlineKind; label: string; startedAt: Date; dueAt: Date; warnAt: Date };

export type RequestForDeadlines = {
  receivedAt: Date;
  isAppeal: boolean;
  category: {
    slaAmount: number | null;
    slaUnit: TermUnit | null;
    statutoryApplies: boolean;
    statutoryTerm: StatutoryTerm | null;
  } | null;
  appeal: { statutoryTerm: StatutoryTerm | null; extendedUntil: Date | null } | null;
};

/** What computeRequestDeadlines reads of a request, as a Prisma select. */
export const REQUEST_DEADLINE_FIELDS = {
  receivedAt: true,
  isAppeal: true,
  category: { select: { slaAmount: true, slaUnit: true, statutoryApplies: true, statutoryTerm: true } },
  appeal: { select: { statutoryTerm: true, extendedUntil: true } },
} as const;

/**
 * Locks a request's row for the rest of the transaction: whoever recomputes or extends its
 * deadlines goes one at a time, so two never leave two active sets (or two notices) behind.
 */
export async function lockRequestRow(tx: Tx, requestId: string) {
  await tx.$queryRaw`SELECT 1 FROM "Request" WHERE "id" = ${requestId}::uuid FOR UPDATE`;
}

/** When to warn: the given share of the way from start to due. */
export function warnAtFor(options: { startedAt: Date; dueAt: Date; warnShare: number }): Date {
  const share = Number.isFinite(options.warnShare) ? Math.min(Math.max(options.warnShare, 0), 1) : 0.75;
  const span = options.dueAt.getTime() - options.startedAt.getTime();
  return new Date(options.startedAt.getTime() + Math.round(share * span));
}

/**
 * The deadlines a request should have now: the category's operational SLA, and the
 * statutory term of Law 393/96 art. 20 when it is an appeal (or its category is under the
 * law), both counted from receipt under the regime in force on the receipt date. Without a
 * category, the contact centre's triage term (working minutes to categorise it) runs
 * instead of the SLA, so no request waits in triage on no clock; once it is categorised
 * the category's terms replace it, still counted from receipt.
 */
export async function computeRequestDeadlines(options: {
  tx: Tx;
  request: RequestForDeadlines;
}): Promise<{ regime: CalendarRegime; deadlines: DeadlineSpec[] }> {
  const { tx, request } = options;
  const { regime, calendar } = await getTermCalendar({ receivedAt: request.receivedAt, tx });
  const settings = {
    "deadlines.warnShare": await getSetting("deadlines.warnShare", { tx }),
    "triage.termMinutes": await getSetting("triage.termMinutes", { tx }),
    "triage.dayStartHour": await getSetting("triage.dayStartHour", { tx }),
    "triage.dayEndHour": await getSetting("triage.dayEndHour", { tx }),
  };
  return { regime, deadlines: deadlineSpecs({ request, calendar, settings }) };
}

export type DeadlineSettings = Pick<typeof SETTING_DEFAULTS, "deadlines.warnShare" | "triage.termMinutes" | "triage.dayStartHour" | "triage.dayEndHour">;

/** computeRequestDeadlines' arithmetic once the calendar and the settings are at hand (no I/O). */
export function deadlineSpecs(options: { request: RequestForDeadlines; calendar: WorkCalendar; settings: DeadlineSettings }): DeadlineSpec[] {
  const { request, calendar, settings } = options;
  const { receivedAt, category, appeal } = request;
  const warnShare = settings["deadlines.warnShare"];
  const deadlines: DeadlineSpec[] = [];
  const push = (kind: DeadlineKind, label: string, dueAt: Date) =>
    deadlines.push({ kind, label, startedAt: receivedAt, dueAt, warnAt: warnAtFor({ startedAt: receivedAt, dueAt, warnShare }) });

  if (category?.slaAmount && category.slaUnit) {
    push("SLA", "sla", addTerm({ receivedAt, amount: category.slaAmount, unit: category.slaUnit, calendar }));
  }

  if (!category) {
    const hours = { minutes: settings["triage.termMinutes"], dayStartHour: settings["triage.dayStartHour"], dayEndHour: settings["triage.dayEndHour"] };
    const dueAt = triageDueAt({ receivedAt, calendar, hours });
    // The warning comes at the same share of the working time, not of the night in between.
    const share = Number.isFinite(warnShare) ? Math.min(Math.max(warnShare, 0), 1) : 0.75;
    const warnAt = share >= 1 ? dueAt : triageDueAt({ receivedAt, calendar, hours: { ...hours, minutes: Math.max(1, Math.round(hours.minutes * share)) } });
    deadlines.push({ kind: "TRIAGE", label: "triage", startedAt: receivedAt, dueAt, warnAt });
  }

  if (request.isAppeal || category?.statutoryApplies) {
    const cap = appealCapDueAt({ receivedAt });
    if (appeal?.extendedUntil) {
      push("STATUTORY", "appeal-extended", minDate(appeal.extendedUntil, cap));
    } else {
      const term = appeal?.statutoryTerm ?? category?.statutoryTerm ?? "MONTH_1";
      const kind = term === "DAYS_15" ? "appeal-15d" : "appeal-1m";
      // A month moved off a long holiday run could in theory pass day 45; the cap wins.
      push("STATUTORY", kind, minDate(legalClockDueAt({ kind, receivedAt, calendar }), cap));
    }
  }
  return deadlines;
}

function minDate(a: Date, b: Date) {
  return a.getTime() <= b.getTime() ? a : b;
}
