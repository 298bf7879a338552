import { getSetting, setSetting } from "#app/domain/settings/get-setting.server.ts";
import { recordAudit } from "#app/domain/audit/record-audit.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { AppError, isNonEmpty, type Problem } from "#app/utils/errors.ts";
import { TRIAGE_MAX_MINUTES } from "./triage-term.ts";

export type TriageTermSettings = { termMinutes: number; dayStartHour: number; dayEndHour: number };

/** The contact centre's term to categorise a request, as the admin page shows it. */
export async function getTriageTermSettings(): Promise<TriageTermSettings> {
  return {
    termMinutes: await getSetting("triage.termMinutes"),
    dayStartHour: await getSetting("triage.dayStartHour"),
    dayEndHour: await getSetting("triage.dayEndHour"),
  };
}

/**
 * An admin sets the triage term: working minutes to categorise a request that arrived
 * without a category, and the centre's working hours they count in. Requests received
 * from now on get the new term; running terms keep theirs until the request is
 * rescheduled. Audited with the previous values.
 */
export async function setTriageTermSettings(options: TriageTermSettings & { actorId: string }) {
  const { termMinutes, dayStartHour, dayEndHour } = options;
  const problems: Problem[] = [];
  if (!Number.isInteger(termMinutes) || termMinutes < 1 || termMinutes > TRIAGE_MAX_MINUTES)
    problems.push({ field: "termMinutes", key: "errors:triage.termInvalid", params: { max: TRIAGE_MAX_MINUTES } });
  if (!Number.isInteger(dayStartHour) || dayStartHour < 0 || dayStartHour > 23) problems.push({ field: "dayStartHour", key: "errors:triage.hourInvalid" });
  if (!Number.isInteger(dayEndHour) || dayEndHour < 1 || dayEndHour > 24) problems.push({ field: "dayEndHour", key: "errors:triage.hourInvalid" });
  else if (Number.isInteger(dayStartHour) && dayEndHour <= dayStartHour) problems.push({ field: "dayEndHour", key: "errors:triage.endBeforeStart" });
  if (isNonEmpty(problems)) throw AppError.invalid(problems);

  const previous = await getTriageTermSettings();
  await getDb().$transaction(async (tx) => {
    await setSetting({ tx, key: "triage.termMinutes", value: termMinutes });
    await setSetting({ tx, key: "triage.dayStartHour", value: dayStartHour });
    await setSetting({ tx, key: "triage.dayEndHour", value: dayEndHour });
    await recordAudit({
      tx,
      actorId: options.actorId,
      action: "settings.triage-term-set",
      entityType: "Setting",
      entityId: "triage",
      data: { termMinutes, dayStartHour, dayEndHour, previous },
    });
  });
  return { termMinutes, dayStartHour, dayEndHour };
}
