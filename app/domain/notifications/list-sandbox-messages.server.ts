import type { Channel, DeliveryStatus } from "#app/generated/prisma/enums.ts";
import { isCentreRole, visibleRequestsWhere, type StaffActor } from "#app/domain/requests/request-access.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { maskPhone } from "#app/utils/logger.server.ts";

export type SandboxMessage = {
  id: string;
  createdAt: Date;
  channel: Channel;
  /** Never the full address: the page is for seeing what went out, not to whom. */
  maskedAddress: string | null;
  requestNumber: string | null;
  text: string;
  status: DeliveryStatus;
};

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 200;

/**
 * What the sandbox sender "sent", newest first. `before` is the id of the last message of
 * the previous page; `nextBefore` is set when there are older ones. With `actor`, only
 * what that staff member may see.
 */
export async function listSandboxMessages(
  options: { limit?: number; before?: string; actor?: StaffActor } = {},
): Promise<{ messages: SandboxMessage[]; nextBefore: string | null }> {
  const limit = Math.min(Math.max(1, Math.floor(options.limit ?? DEFAULT_LIMIT)), MAX_LIMIT);
  const db = getDb();
  // Department roles see what went out about their own requests only (visibleRequestsWhere);
  // messages tied to no request (one-time codes) are the centre's.
  const scope = options.actor && !isCentreRole(options.actor) ? { request: visibleRequestsWhere(options.actor) } : {};
  // A cursor that no longer exists (or is not a sandbox message) just starts from the newest.
  const cursorOk = options.before && isUuid(options.before) ? (await db.message.count({ where: { id: options.before, sandbox: true, ...scope } })) > 0 : false;
  const rows = await db.message.findMany({
    where: { sandbox: true, direction: "OUT", ...scope },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    ...(cursorOk ? { cursor: { id: options.before }, skip: 1 } : {}),
    take: limit + 1,
    select: {
      id: true,
      createdAt: true,
      channel: true,
      address: true,
      body: true,
      deliveryStatus: true,
      request: { select: { number: true } },
    },
  });
  const page = rows.slice(0, limit);
  return {
    messages: page.map((m) => ({
      id: m.id,
      createdAt: m.createdAt,
      channel: m.channel,
      maskedAddress: maskAddress(m.channel, m.address),
      requestNumber: m.request?.number ?? null,
      text: m.body,
      status: m.deliveryStatus,
    })),
    nextBefore: rows.length > limit ? (page.at(-1)?.id ?? null) : null,
  };
}

export function maskAddress(channel: Channel, address: string | null): string | null {
  if (!address) return null;
  if (channel === "EMAIL" || address.includes("@")) {
    const [user = "", domain] = address.split("@");
    return `${user.slice(0, 2)}***@${domain ?? ""}`;
  }
  if (address.startsWith("+") || channel === "SMS" || channel === "VOICE") return maskPhone(address) ?? null;
  // Telegram chat ids and the like: the tail is enough to tell them apart.
  return address.length <= 3 ? "***" : `***${address.slice(-3)}`;
}

function isUuid(s: string) {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
}
