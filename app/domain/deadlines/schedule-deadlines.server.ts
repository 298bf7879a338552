import type { Deadline } from "#app/generated/prisma/client.ts";
import { toKyivIso } from "#app/domain/calendar/kyiv-time.ts";
import type { Tx } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { computeRequestDeadlines, lockRequestRow, REQUEST_DEADLINE_FIELDS } from "./compute-request-deadlines.server.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * (Re)computes a request's deadlines inside the caller's transaction: when it is routed,
 * re-classified or its statutory term is extended. The previous active rows are retired
 * (kept for history) and new ones created; request.dueAt becomes the earliest of them.
 * The caller enqueues the returned rows after commit (enqueueDeadlineJobs).
 */
export async function scheduleDeadlines(options: { tx: Tx; requestId: string; now?: Date }): Promise<Deadline[]> {
  const { tx, requestId } = options;
  const now = options.now ?? new Date();
  if (!UUID.test(requestId)) throw new AppError("NOT_FOUND", "errors:request.notFound", { field: "requestId" });
  await lockRequestRow(tx, requestId);
  const request = await tx.request.findUnique({ where: { id: requestId }, select: REQUEST_DEADLINE_FIELDS });
  if (!request) throw new AppError("NOT_FOUND", "errors:request.notFound", { field: "requestId" });

  const { regime, deadlines: specs } = await computeRequestDeadlines({ tx, request });

  const previous = await tx.deadline.findMany({ where: { requestId, active: true } });
  if (previous.length > 0) {
    await tx.deadline.updateMany({ where: { id: { in: previous.map((d) => d.id) } }, data: { active: false } });
    // The request got its category: the centre's term to categorise it was met now.
    const triaged = specs.some((s) => s.kind === "TRIAGE") ? [] : previous.filter((d) => d.kind === "TRIAGE").map((d) => d.id);
    if (triaged.length > 0) await tx.deadline.updateMany({ where: { id: { in: triaged } }, data: { metAt: now } });
  }

  const created: Deadline[] = [];
  for (const spec of specs) {
    // Re-routing to another department must not warn or escalate again for the very
    // same term: an identical predecessor hands over what was already done.
    const same = previous.find((p) => p.kind === spec.kind && p.label === spec.label && p.dueAt.getTime() === spec.dueAt.getTime());
    created.push(
      await tx.deadline.create({
        data: {
          requestId,
          ...spec,
          warned: same?.warned ?? false,
          warnedAt: same?.warnedAt ?? null,
          breached: same?.breached ?? false,
          breachedAt: same?.breachedAt ?? null,
          createdAt: now,
        },
      }),
    );
  }

  const earliest = created.reduce<Date | null>((min, d) => (!min || d.dueAt < min ? d.dueAt : min), null);
  await tx.request.update({ where: { id: requestId }, data: { dueAt: earliest } });

  if (created.length > 0 || previous.length > 0) {
    await tx.requestEvent.create({
      data: {
        requestId,
        type: "deadlines-set",
        actorType: "SYSTEM",
        // The centre's term to categorise is its own: the citizen is told of real terms only.
        isPublic: created.some((d) => d.kind !== "TRIAGE") || previous.some((d) => d.kind !== "TRIAGE"),
        createdAt: now,
        data: {
          regime,
          deadlines: created.map((d) => ({ kind: d.kind, label: d.label, dueAt: toKyivIso(d.dueAt) })),
        },
      },
    });
  }
  return created;
}
