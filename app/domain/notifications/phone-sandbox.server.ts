import type { StaffRole } from "#app/generated/prisma/enums.ts";
import { getEnv } from "#app/utils/env.server.ts";

/**
 * Sandbox mode of the phone channel: no Twilio account is configured, so nothing reaches
 * a real phone and every outbound SMS lands in the sandbox outbox. Either credential set
 * means a real account may be in use, so the sandbox tools are switched off.
 */
export function isPhoneSandbox() {
  const env = getEnv();
  return !env.TWILIO_ACCOUNT_SID && !env.TWILIO_AUTH_TOKEN;
}

/**
 * The phone simulator lets its user act as any phone number (opt it out, ask statuses in
 * its name, see its replies), so it exists only in sandbox mode and only for admins.
 */
export const PHONE_SIMULATOR_ROLES: readonly StaffRole[] = ["ADMIN"];

export function canUsePhoneSimulator(role: StaffRole) {
  return isPhoneSandbox() && PHONE_SIMULATOR_ROLES.includes(role);
}
