import type { HandoffProvider as ProviderId } from "#app/generated/prisma/enums.ts";
import { getDb } from "#app/utils/db.server.ts";
import { createLogger } from "#app/utils/logger.server.ts";
import { getProvider, requireCapability } from "./providers.server.ts";

const log = createLogger("igov");

export type SyncCatalogueResult = { ok: true; syncId: string; seen: number; deactivated: number } | { ok: false; syncId: string; error: string };

/**
 * Pulls a provider's catalogue for the city into AdminService. Only a complete, non-empty
 * answer replaces the catalogue (services gone from it are deactivated, never deleted:
 * categories and hand-offs point at them); a failed or partial one changes nothing and
 * leaves a CatalogSync row with the reason, which the admin services page shows.
 */
export async function syncCatalogue(options: { provider?: ProviderId; now?: Date } = {}): Promise<SyncCatalogueResult> {
  const db = getDb();
  const now = options.now ?? new Date();
  const provider = requireCapability(getProvider(options.provider ?? "IGOV"), "catalogue");
  const sync = await db.catalogSync.create({ data: { provider: provider.provider, startedAt: now } });
  const fail = async (error: string, seen = 0): Promise<SyncCatalogueResult> => {
    await db.catalogSync.update({ where: { id: sync.id }, data: { ok: false, error: error.slice(0, 500), seen, finishedAt: new Date() } });
    log.warn("catalogue sync failed; the last good catalogue stays", { provider: provider.provider, error: error.slice(0, 200) });
    return { ok: false, syncId: sync.id, error };
  };

  let result: Awaited<ReturnType<NonNullable<typeof provider.fetchCatalogue>>>;
  try {
    result = await provider.fetchCatalogue!();
  } catch (e) {
    return fail((e as Error).message);
  }
  if (result.problems.length)
    return fail(`partial catalogue: ${result.problems.length} unreadable entries (${result.problems.slice(0, 5).join(", ")})`, result.entries.length);
  if (!result.entries.length) return fail("empty catalogue");

  const deactivated = await db.$transaction(
    async (tx) => {
      for (const e of result.entries) {
        await tx.adminService.upsert({
          where: { provider_externalId: { provider: provider.provider, externalId: e.externalId } },
          create: {
            provider: provider.provider,
            externalId: e.externalId,
            nameUk: e.nameUk,
            nameEn: e.nameEn ?? null,
            link: e.link,
            lastSeenAt: now,
            active: true,
          },
          update: { nameUk: e.nameUk, ...(e.nameEn ? { nameEn: e.nameEn } : {}), link: e.link, lastSeenAt: now, active: true },
        });
      }
      const gone = await tx.adminService.updateMany({
        where: { provider: provider.provider, active: true, lastSeenAt: { lt: now } },
        data: { active: false },
      });
      await tx.catalogSync.update({ where: { id: sync.id }, data: { ok: true, seen: result.entries.length, finishedAt: new Date() } });
      return gone.count;
    },
    { timeout: 120_000 },
  );
  log.info("catalogue synced", { provider: provider.provider, seen: result.entries.length, deactivated });
  return { ok: true, syncId: sync.id, seen: result.entries.length, deactivated };
}
