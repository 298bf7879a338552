import { createCnapAdapter } from "#integrations/cnap/index.ts";
import { createDiiaAdapter } from "#integrations/diia/index.ts";
import { createIgovAdapter } from "#integrations/igov/index.ts";
import type { HandoffProvider as ProviderId } from "#app/generated/prisma/enums.ts";
import { getEnv } from "#app/utils/env.server.ts";
import { AppError } from "#app/utils/errors.ts";
import type { Capability, HandoffProviderAdapter } from "./provider.ts";

/** "Manual": the operator hands the citizen over by phone or letter and records the outcome. */
const manualProvider: HandoffProviderAdapter = {
  provider: "MANUAL",
  capabilities: { catalogue: false, handoffLink: false, submission: false, statusTracking: false, statusMapping: false },
};

export const PROVIDER_IDS: readonly ProviderId[] = ["IGOV", "DIIA", "CNAP", "MANUAL"];

/** The adapter for a provider, built from this process's config (cheap: adapters hold no connections). */
export function getProvider(id: ProviderId): HandoffProviderAdapter {
  const env = getEnv();
  switch (id) {
    case "IGOV":
      return createIgovAdapter({ baseUrl: env.IGOV_BASE_URL, placeRegion: env.IGOV_PLACE_REGION, placeCity: env.IGOV_PLACE_CITY });
    case "DIIA":
      return createDiiaAdapter();
    case "CNAP":
      return createCnapAdapter();
    case "MANUAL":
      return manualProvider;
  }
}

/** The adapter narrowed to a capability, or a refusal that names what is missing. */
export function requireCapability<C extends Capability>(provider: HandoffProviderAdapter, capability: C): HandoffProviderAdapter {
  if (!provider.capabilities[capability])
    throw new AppError("VALIDATION", "errors:handoff.capabilityMissing", {
      params: { provider: { key: `handoff:provider.${provider.provider}` } },
      details: { provider: provider.provider, capability },
    });
  return provider;
}
