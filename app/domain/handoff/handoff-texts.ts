import type { HandoffProvider as ProviderId } from "#app/generated/prisma/enums.ts";
import { t } from "#app/utils/i18n.server.ts";

/** Both languages at once: notification params are rendered later, in the citizen's language. */
export function bilingual(key: string, params: Record<string, string | number | null | undefined> = {}) {
  return { uk: t("uk", `handoff:${key}`, params), en: t("en", `handoff:${key}`, params) };
}

export function providerNames(provider: ProviderId) {
  return bilingual(`provider.${provider}`);
}
