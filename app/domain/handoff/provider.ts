import type { HandoffProvider as ProviderId } from "#app/generated/prisma/enums.ts";

/**
 * One interface for every place a request can be handed to. Each adapter says what it can
 * do; the domain checks `capabilities` (requireCapability) before calling an optional
 * method, so it never asks Diia for a status or ЦНАП for a catalogue.
 */
export type ProviderCapabilities = {
  catalogue: boolean;
  handoffLink: boolean;
  submission: boolean;
  statusTracking: boolean;
  statusMapping: boolean;
};

export type Capability = keyof ProviderCapabilities;

/** What a provider's order status means for our request. */
export type ProviderState = "IN_PROGRESS" | "QUESTION" | "CLOSED" | "REJECTED" | "UNKNOWN";

export type ProviderOrderStatus =
  | { found: true; code: string; codeName: string | null; label: string | null; state: ProviderState; closedAt: string | null }
  /** The provider does not know the order (yet): a fresh id, a typo that passed the check digit. */
  | { found: false };

export type OrderIdCheck = { ok: true; orderId: string } | { ok: false; reason: "format" | "checkDigit" };

export type CatalogueEntry = { externalId: string; nameUk: string; nameEn?: string | null; link: string | null };

export type HandoffProviderAdapter = {
  provider: ProviderId;
  capabilities: ProviderCapabilities;
  /** capability "catalogue" */
  fetchCatalogue?(): Promise<{ entries: CatalogueEntry[]; problems: string[] }>;
  /** capability "handoffLink": a link with the place pre-selected and no personal data. */
  handoffLink?(options: { externalId: string; storedLink?: string | null }): string | null;
  /** capability "statusTracking" */
  checkOrderId?(input: string): OrderIdCheck;
  /** capability "statusTracking" + "statusMapping" */
  fetchOrderStatus?(options: { orderId: string }): Promise<ProviderOrderStatus>;
};

/** Errors an adapter throws carry `retryable`; anything else counts as retryable (a bug is not the citizen's fault). */
export function isRetryableProviderError(e: unknown): boolean {
  const flag = (e as { retryable?: unknown } | null)?.retryable;
  return typeof flag === "boolean" ? flag : true;
}
