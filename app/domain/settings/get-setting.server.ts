import { getDb, type Tx } from "#app/utils/db.server.ts";

// City-editable numbers. Defaults live here, in one place; a row in "Setting" overrides.
export const SETTING_DEFAULTS = {
  /** Share of a term after which the executor is warned (0.75 = at three quarters). */
  "deadlines.warnShare": 0.75,
  /**
   * Working minutes the contact centre has to categorise a request that arrived without a
   * category (an SMS, a voice message). Two hours: a morning's texts are sorted before
   * lunch, and a category's own shortest terms (hours for an emergency) still have most
   * of their time left when the department gets the request.
   */
  "triage.termMinutes": 120,
  /** The contact centre's working day for the triage term, Kyiv time: from this hour… */
  "triage.dayStartHour": 8,
  /** …to this hour (working days of the calendar only). */
  "triage.dayEndHour": 18,
  /** Days of citizen silence after "resolved" before the request closes by itself. */
  "requests.autoCloseDays": 7,
  /** Minutes after which undone work (inbound events, routing, notifications) whose job is gone is re-driven. */
  "maintenance.redriveAfterMinutes": 1,
} satisfies Record<string, number>;

export type SettingKey = keyof typeof SETTING_DEFAULTS;
type SettingValue<K extends SettingKey> = (typeof SETTING_DEFAULTS)[K];

export async function getSetting<K extends SettingKey>(key: K, options: { tx?: Tx } = {}): Promise<SettingValue<K>> {
  const db = options.tx ?? getDb();
  const row = await db.setting.findUnique({ where: { key } });
  const fallback = SETTING_DEFAULTS[key];
  if (!row) return fallback;
  return typeof row.value === typeof fallback ? (row.value as SettingValue<K>) : fallback;
}

export async function setSetting<K extends SettingKey>(options: { key: K; value: SettingValue<K>; tx?: Tx }) {
  const db = options.tx ?? getDb();
  await db.setting.upsert({
    where: { key: options.key },
    create: { key: options.key, value: options.value },
    update: { value: options.value },
  });
}
