import { Prisma } from "#app/generated/prisma/client.ts";
import type { HandoffProvider as ProviderId } from "#app/generated/prisma/enums.ts";
import { requireRequestAccess, type StaffActor } from "#app/domain/requests/request-access.server.ts";
import { recordNotifications } from "#app/domain/notifications/record-notifications.server.ts";
import { emptyFollowups, enqueueFollowups } from "#app/domain/requests/after-commit.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { bilingual, providerNames } from "./handoff-texts.ts";
import { moveRequestStatusWithin } from "./move-request-status.server.ts";
import { getProvider } from "./providers.server.ts";

export type HandoffActor = ({ type: "STAFF" } & StaffActor) | { type: "SYSTEM" };

export type HandOffResult = {
  handoffId: string;
  provider: ProviderId;
  link: string | null;
  /** false when the request had been handed off already: the first hand-off is returned, nothing is sent again. */
  created: boolean;
};

/**
 * Hands a request over to the provider of an administrative service: by its category
 * (Category.isAdminService + adminServiceId), or by an operator's choice of service or
 * provider. Records the Handoff (exactly one per request), moves the request to HANDED_OFF
 * with a public event saying where it went, and sends the citizen, on their own channel,
 * the service link (place pre-selected, no personal data) and what to prepare.
 */
export async function handOffRequest(options: {
  requestId: string;
  actor: HandoffActor;
  provider?: ProviderId;
  serviceId?: string;
  now?: Date;
}): Promise<HandOffResult> {
  const { requestId, actor } = options;
  const db = getDb();
  const now = options.now ?? new Date();
  if (actor.type === "STAFF") await requireRequestAccess({ actor, requestId, level: "work" });

  const existing = await db.handoff.findUnique({ where: { requestId } });
  if (existing) return { handoffId: existing.id, provider: existing.provider, link: existing.link, created: false };

  const request = await db.request.findUnique({
    where: { id: requestId },
    select: { id: true, category: { select: { isAdminService: true, adminServiceId: true } } },
  });
  if (!request) throw new AppError("NOT_FOUND", "errors:request.notFound");

  const serviceId = options.serviceId || (!options.provider && request.category?.isAdminService ? request.category.adminServiceId : null) || null;
  const service = serviceId ? await db.adminService.findUnique({ where: { id: serviceId } }) : null;
  if (serviceId && !service) throw new AppError("VALIDATION", "errors:handoff.serviceUnknown", { field: "serviceId" });
  if (service && !service.active) throw new AppError("VALIDATION", "errors:handoff.serviceInactive", { field: "serviceId" });
  const providerId = options.provider ?? service?.provider;
  if (!providerId) throw new AppError("VALIDATION", "errors:handoff.serviceRequired", { field: "serviceId" });
  if (service && service.provider !== providerId)
    throw new AppError("VALIDATION", "errors:handoff.serviceProviderMismatch", {
      field: "provider",
      params: { service: { key: `handoff:provider.${service.provider}` }, provider: { key: `handoff:provider.${providerId}` } },
    });

  const provider = getProvider(providerId);
  // Online providers are only worth handing to with a service to open.
  if (!service && (providerId === "IGOV" || providerId === "DIIA"))
    throw new AppError("VALIDATION", "errors:handoff.providerNeedsService", {
      field: "serviceId",
      params: { provider: { key: `handoff:provider.${providerId}` } },
    });
  const link =
    provider.capabilities.handoffLink && provider.handoffLink
      ? provider.handoffLink({ externalId: service?.externalId ?? "", storedLink: service?.link })
      : null;
  if ((providerId === "IGOV" || providerId === "DIIA") && !link) throw new AppError("VALIDATION", "errors:handoff.noLink", { field: "serviceId" });

  const names = providerNames(providerId);
  const how = bilingual(`how.${providerId}`);
  const followups = emptyFollowups();
  let handoff;
  try {
    handoff = await db.$transaction(async (tx) => {
      const created = await tx.handoff.create({
        data: {
          requestId,
          provider: providerId,
          serviceId: service?.id,
          link,
          createdById: actor.type === "STAFF" ? actor.id : null,
          status: "HANDED_OFF",
          createdAt: now,
        },
      });
      const { eventId } = await moveRequestStatusWithin({
        tx,
        requestId,
        to: "HANDED_OFF",
        actor: actor.type === "STAFF" ? { type: "STAFF", id: actor.id } : { type: "SYSTEM" },
        eventType: "handed-off",
        data: {
          handoffId: created.id,
          provider: providerId,
          serviceId: service?.id ?? null,
          serviceNameUk: service?.nameUk ?? null,
          serviceNameEn: service?.nameEn ?? null,
          link,
          // Read by every timeline (tracking page, bot) as the event's text.
          text: [service?.nameUk ?? names.uk, link].filter(Boolean).join(" — "),
        },
        now,
      });
      const rows = await recordNotifications({
        tx,
        requestId,
        template: "handoffSent",
        params: {
          providerUk: names.uk,
          providerEn: names.en,
          serviceUk: service?.nameUk ?? null,
          serviceEn: service?.nameEn ?? service?.nameUk ?? null,
          howUk: how.uk,
          howEn: how.en,
          prepareUk: service?.detailsUk ?? null,
          prepareEn: service?.detailsEn ?? service?.detailsUk ?? null,
          link,
        },
        // One hand-off per request, so one message per hand-off, even if this runs twice.
        eventKey: `handoff:${created.id}:${eventId}`,
      });
      followups.notificationIds.push(...rows.map((r) => r.id));
      return created;
    });
  } catch (e) {
    // Two operators at once: the unique requestId lets one win; the other gets its hand-off.
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") {
      const first = await db.handoff.findUniqueOrThrow({ where: { requestId } });
      return { handoffId: first.id, provider: first.provider, link: first.link, created: false };
    }
    throw e;
  }
  await enqueueFollowups(followups);
  return { handoffId: handoff.id, provider: providerId, link, created: true };
}
