import type { RequestStatus } from "#app/generated/prisma/enums.ts";
import { getDb } from "#app/utils/db.server.ts";
import { isHandoffDecided } from "#app/domain/handoff/handoff-status.ts";
import { isAnswered, isFinal, isSettled } from "#app/domain/requests/status-machine.ts";
import { requireTrackedRequest } from "./require-tracked-request.server.ts";
import { citizenDueAt } from "#app/domain/deadlines/citizen-due-at.server.ts";

export type TrackingEvent = {
  id: string;
  type: string;
  at: string;
  fromStatus: RequestStatus | null;
  toStatus: RequestStatus | null;
  /** Text meant for the citizen: staff's public answer or question, or the citizen's own words. */
  text: string | null;
  resultCode: string | null;
  /** Hand-off events: where the request went (docs/handoff.md). */
  provider?: string | null;
  orderId?: string | null;
};

/**
 * How long after its accept the page keeps looking again by itself for a request still
 * being routed (routing takes seconds; the re-drive picks up one left over a minute).
 */
export const ROUTING_WATCH_MS = 60_000;

/**
 * What the holder of a tracking link may see: the public timeline (no internal notes, no
 * staff names), the expected date, the executor and what they can do now.
 */
export async function getTrackingView(options: { token: string; lang: "uk" | "en" }) {
  const { id } = await requireTrackedRequest({ token: options.token });
  const r = await getDb().request.findUniqueOrThrow({
    where: { id },
    select: {
      number: true,
      status: true,
      description: true,
      address: true,
      lat: true,
      lon: true,
      isAppeal: true,
      dueAt: true,
      receivedAt: true,
      createdAt: true,
      routed: true,
      resolvedAt: true,
      closedAt: true,
      publicAnswer: true,
      resultCode: true,
      category: { select: { nameUk: true, nameEn: true } },
      department: { select: { nameUk: true, nameEn: true } },
      rating: { select: { score: true, comment: true } },
      appeal: { select: { createdAt: true } },
      outage: { select: { kind: true, titleUk: true, titleEn: true, causeUk: true, causeEn: true, plannedEndAt: true, endedAt: true } },
      handoff: { select: { provider: true, link: true, status: true, orderId: true, outcome: true, service: { select: { nameUk: true, nameEn: true } } } },
      attachments: { select: { id: true, mimeType: true }, orderBy: { createdAt: "asc" } },
      events: {
        where: { isPublic: true },
        orderBy: { id: "asc" },
        select: { id: true, type: true, createdAt: true, fromStatus: true, toStatus: true, data: true },
      },
    },
  });
  const en = options.lang === "en";
  // Accepted, not yet routed: no department, clocks or outage link exist yet, and none may be guessed.
  const routingPending = !r.routed && !isSettled(r.status);
  const dueAt = routingPending ? null : await citizenDueAt({ requestId: id, dueAt: r.dueAt, categorised: r.category !== null });
  const events: TrackingEvent[] = r.events.map((e) => {
    const data = (e.data ?? {}) as Record<string, unknown>;
    const pick = (k: string) => (typeof data[k] === "string" ? (data[k] as string) : null);
    return {
      id: String(e.id),
      type: e.type,
      at: e.createdAt.toISOString(),
      fromStatus: e.fromStatus,
      toStatus: e.toStatus,
      text: pick("publicAnswer") ?? pick("question") ?? pick("text") ?? pick("comment"),
      resultCode: pick("resultCode"),
      ...(e.type === "handed-off" || e.type.startsWith("handoff") ? { provider: pick("provider"), orderId: pick("orderId") } : {}),
    };
  });
  // A settled request promises no date any more: it says when it was answered or closed.
  // RESOLVED and CLOSED carry their stamps; a refusal, a merge or a hand-off is dated by
  // the public move that settled it.
  const settledMove = [...events].reverse().find((e) => e.toStatus === r.status);
  const settledAt = r.status === "RESOLVED" ? r.resolvedAt : r.status === "CLOSED" ? (r.closedAt ?? r.resolvedAt) : null;
  const settled = isSettled(r.status)
    ? {
        kind: r.status === "RESOLVED" ? ("answered" as const) : r.status === "HANDED_OFF" ? ("handed" as const) : ("closed" as const),
        at: settledAt?.toISOString() ?? settledMove?.at ?? r.receivedAt.toISOString(),
      }
    : null;
  const question = r.status === "WAITING_CITIZEN" ? ([...events].reverse().find((e) => e.toStatus === "WAITING_CITIZEN")?.text ?? null) : null;
  return {
    number: r.number,
    status: r.status,
    /**
     * Set while the request waits for routing: the page says so instead of a department and a
     * date, and looks again by itself (`watch`) for about a minute after the accept.
     */
    routing: routingPending ? { watch: Date.now() - r.createdAt.getTime() < ROUTING_WATCH_MS } : null,
    description: r.description,
    address: r.address,
    hasPoint: r.lat !== null && r.lon !== null,
    isAppeal: r.isAppeal,
    // An official appeal is registered under the request's number on the day its Appeal row was written.
    appeal: r.isAppeal && r.appeal ? { registrationNumber: r.number, registeredAt: r.appeal.createdAt.toISOString() } : null,
    dueAt: settled ? null : (dueAt?.toISOString() ?? null),
    settled,
    // The outage this request was linked to on arrival: what happened and when it should end.
    outage: r.outage
      ? {
          kind: r.outage.kind,
          title: en ? (r.outage.titleEn ?? r.outage.titleUk) : r.outage.titleUk,
          cause: en ? (r.outage.causeEn ?? r.outage.causeUk) : r.outage.causeUk,
          plannedEndAt: r.outage.plannedEndAt?.toISOString() ?? null,
          ended: r.outage.endedAt !== null && r.outage.endedAt <= new Date(),
        }
      : null,
    receivedAt: r.receivedAt.toISOString(),
    publicAnswer: r.publicAnswer,
    category: r.category ? (en ? r.category.nameEn : r.category.nameUk) : null,
    department: r.department ? (en ? r.department.nameEn : r.department.nameUk) : null,
    rating: r.rating,
    attachmentIds: r.attachments.map((a) => a.id),
    events,
    question,
    // Where the request went: provider, service, link (no personal data), follow-up.
    handoff: r.handoff
      ? {
          provider: r.handoff.provider,
          service: r.handoff.service ? (en ? (r.handoff.service.nameEn ?? r.handoff.service.nameUk) : r.handoff.service.nameUk) : null,
          link: r.handoff.link,
          status: r.handoff.status,
          orderId: r.handoff.orderId,
          outcome: r.handoff.outcome,
          canRecordOrder: r.handoff.provider === "IGOV" && !isHandoffDecided(r.handoff.status),
        }
      : null,
    canAddInfo: !isFinal(r.status),
    canConfirm: r.status === "RESOLVED",
    canRate: isAnswered(r.status),
  };
}

export type TrackingView = Awaited<ReturnType<typeof getTrackingView>>;
