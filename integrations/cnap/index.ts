// The city's ЦНАП (administrative service centre): the citizen goes in person. The link is
// the service's own page or the ЦНАП's page; the address, hours and what to bring are the
// service's details as an admin entered them (they change more often than code does).
export type CnapAdapterConfig = {
  /** The ЦНАП's public page, used when a service has no page of its own. */
  pageUrl?: string | null;
};

export function createCnapAdapter(config: CnapAdapterConfig = {}) {
  return {
    provider: "CNAP" as const,
    capabilities: { catalogue: false, handoffLink: true, submission: false, statusTracking: false, statusMapping: false },
    handoffLink(options: { externalId: string; storedLink?: string | null }): string | null {
      return options.storedLink || config.pageUrl || null;
    },
  };
}

export type CnapAdapter = ReturnType<typeof createCnapAdapter>;
