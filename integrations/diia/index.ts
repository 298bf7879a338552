// The Diia adapter. Diia publishes no API that submits or tracks on a citizen's behalf
// (only each ЦНАП's export interface), so this adapter is a link to the service card
// that an admin entered, and nothing else.
export type DiiaAdapterConfig = {
  /** Only links on these hosts are handed to citizens (an admin typo must not send them elsewhere). */
  allowedHosts?: string[];
};

const DEFAULT_HOSTS = ["diia.gov.ua", "guide.diia.gov.ua", "id.diia.gov.ua"];

export function isAllowedDiiaLink(link: string, hosts: string[] = DEFAULT_HOSTS): boolean {
  try {
    const url = new URL(link);
    return url.protocol === "https:" && hosts.some((h) => url.hostname === h || url.hostname.endsWith(`.${h}`));
  } catch {
    return false;
  }
}

export function createDiiaAdapter(config: DiiaAdapterConfig = {}) {
  const hosts = config.allowedHosts ?? DEFAULT_HOSTS;
  return {
    provider: "DIIA" as const,
    capabilities: { catalogue: false, handoffLink: true, submission: false, statusTracking: false, statusMapping: false },
    isAllowedLink: (link: string) => isAllowedDiiaLink(link, hosts),
    /** The service card as the admin entered it; null when it is missing or not on Diia. */
    handoffLink(options: { externalId: string; storedLink?: string | null }): string | null {
      return options.storedLink && isAllowedDiiaLink(options.storedLink, hosts) ? options.storedLink : null;
    },
  };
}

export type DiiaAdapter = ReturnType<typeof createDiiaAdapter>;
