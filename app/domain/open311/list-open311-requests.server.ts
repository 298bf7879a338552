// GET requests, GET one request, GET tokens and the updates feed. Everything here leaves
// through the one public projection (app/domain/public/public-request.server.ts): private
// requests and merged duplicates never appear, and a citizen's words, address and exact place
// only when they agreed to publish them. No name, phone or e-mail is ever read.
import { parseIsoInstant } from "#app/domain/calendar/kyiv-time.ts";
import { firstPublicPhotos, publicPhotoPath } from "#app/domain/public/get-public-request.server.ts";
import { PUBLIC_REQUEST_WHERE, publicRequestSelect, toPublicRequest } from "#app/domain/public/public-request.server.ts";
import { OPEN_STATUSES, isOpen } from "#app/domain/requests/status-machine.ts";
import type { Prisma } from "#app/generated/prisma/client.ts";
import type { RequestStatus } from "#app/generated/prisma/enums.ts";
import { getDb } from "#app/utils/db.server.ts";
import { getEnv } from "#app/utils/env.server.ts";
import { AppError, type ErrorKey } from "#app/utils/errors.ts";
import { hasText, t, type Lang } from "#app/utils/i18n.server.ts";
import { list, w3cDate, type Open311Document, type Open311Value } from "./open311-format.ts";
import { serviceCodeOf } from "./open311-services.server.ts";

/** The spec's ceiling on one answer, and the default page size. */
export const MAX_RESULTS = 1000;
/** The spec's widest date span, and the default window back from now. */
export const MAX_SPAN_DAYS = 90;
const DAY_MS = 86_400_000;

/** A query parameter's first value (null when absent or empty). */
export type Params = (name: string) => string | null;

const invalid = (key: ErrorKey, field: string, params?: Record<string, string | number>) => new AppError("VALIDATION", key, { field, params });

function dateParam(params: Params, field: string): Date | null {
  const raw = params(field);
  if (raw === null) return null;
  const d = parseIsoInstant(raw);
  if (!d) throw invalid("errors:open311.dateInvalid", field, { field });
  return d;
}

/** start_date/end_date: at most 90 days apart; one alone spans 90 days from it; neither: the last 90 days. */
export function dateWindow(params: Params, now = new Date()): { from: Date; to: Date } {
  const start = dateParam(params, "start_date");
  const end = dateParam(params, "end_date");
  const span = MAX_SPAN_DAYS * DAY_MS;
  if (start && end) {
    if (end < start) throw invalid("errors:open311.dateOrder", "end_date");
    if (end.getTime() - start.getTime() > span) throw invalid("errors:open311.dateSpan", "end_date");
    return { from: start, to: end };
  }
  if (start) return { from: start, to: new Date(start.getTime() + span) };
  if (end) return { from: new Date(end.getTime() - span), to: end };
  return { from: new Date(now.getTime() - span), to: now };
}

function pageParam(params: Params, field: string, fallback: number): number {
  const raw = params(field);
  if (raw === null) return fallback;
  if (!/^\d{1,9}$/.test(raw.trim()) || Number(raw) < 1) throw invalid("errors:open311.pageInvalid", field, { field });
  return Number(raw);
}

/** page (from 1) and page_size (at most 1000, the default): the paging extension clients use. */
export function paging(params: Params) {
  const page = pageParam(params, "page", 1);
  const size = Math.min(pageParam(params, "page_size", MAX_RESULTS), MAX_RESULTS);
  return { skip: (page - 1) * size, take: size };
}

const csv = (raw: string | null) =>
  (raw ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

function statusWhere(raw: string | null): Prisma.RequestWhereInput | null {
  if (raw === null) return null;
  const wanted = new Set(csv(raw).map((s) => s.toLowerCase()));
  if (!wanted.size || [...wanted].some((s) => s !== "open" && s !== "closed")) throw invalid("errors:open311.statusInvalid", "status");
  if (wanted.size === 2) return null;
  return wanted.has("open") ? { status: { in: [...OPEN_STATUSES] } } : { status: { notIn: [...OPEN_STATUSES] } };
}

async function serviceCodesByCategory(): Promise<Map<string, string>> {
  const rows = await getDb().category.findMany({ select: { code: true, open311Code: true } });
  return new Map(rows.map((r) => [r.code, serviceCodeOf(r)]));
}

async function serviceWhere(raw: string | null): Promise<Prisma.RequestWhereInput | null> {
  const codes = csv(raw);
  if (!codes.length) return null;
  const rows = await getDb().category.findMany({
    where: { OR: [{ open311Code: { in: codes } }, { code: { in: codes }, open311Code: null }] },
    select: { id: true },
  });
  if (!rows.length)
    throw new AppError("NOT_FOUND", "errors:open311.unknownService", { field: "service_code", params: { code: codes.join(",").slice(0, 100) } });
  return { categoryId: { in: rows.map((r) => r.id) } };
}

const statusText = (lang: Lang, status: RequestStatus) => t(lang, `citizen:status.${status}`);

type Row = Prisma.RequestGetPayload<{ select: typeof publicRequestSelect }>;

/** Where the request's published photo is, as an absolute URL (media_url), or null. */
type Media = { photos: Map<string, string>; origin: string };

function requestItem(row: Row, lang: Lang, codes: Map<string, string>, media: Media): Open311Value {
  const p = toPublicRequest(row, lang);
  const photo = media.photos.get(row.id);
  return {
    service_request_id: p.number,
    status: p.state,
    status_notes: statusText(lang, p.status),
    service_name: p.category?.name ?? null,
    service_code: p.category ? (codes.get(p.category.code) ?? p.category.code) : null,
    description: p.description,
    agency_responsible: p.department?.name ?? null,
    service_notice: null,
    requested_datetime: w3cDate(p.receivedAt),
    updated_datetime: w3cDate(p.updatedAt),
    expected_datetime: w3cDate(p.expectedAt),
    address: p.address,
    address_id: null,
    zipcode: null,
    lat: p.location?.lat ?? null,
    long: p.location?.lon ?? null,
    media_url: photo ? new URL(publicPhotoPath(p.number, photo), media.origin).href : null,
  };
}

const mediaOf = async (rows: Row[], origin: string): Promise<Media> => ({ photos: await firstPublicPhotos(rows), origin: getEnv().PUBLIC_BASE_URL ?? origin });

/**
 * GET requests: service_request_id (one or several, comma-separated) overrides every other
 * filter; otherwise service_code, status and the date window (on requested_datetime), newest
 * first, at most 1000 per answer, paged with page and page_size.
 */
export async function listOpen311Requests(options: { params: Params; lang: Lang; origin: string; now?: Date }): Promise<Open311Document> {
  const { params, lang } = options;
  const ids = csv(params("service_request_id"));
  const where: Prisma.RequestWhereInput[] = [PUBLIC_REQUEST_WHERE];
  if (ids.length) {
    if (ids.length > MAX_RESULTS) throw invalid("errors:open311.tooManyIds", "service_request_id");
    where.push({ number: { in: ids.map((id) => id.toUpperCase()) } });
  } else {
    const { from, to } = dateWindow(params, options.now);
    where.push({ receivedAt: { gte: from, lte: to } });
    const byStatus = statusWhere(params("status"));
    if (byStatus) where.push(byStatus);
    const byService = await serviceWhere(params("service_code"));
    if (byService) where.push(byService);
  }
  const { skip, take } = paging(params);
  const rows = await getDb().request.findMany({
    where: { AND: where },
    orderBy: [{ receivedAt: "desc" }, { number: "desc" }],
    skip,
    take,
    select: publicRequestSelect,
  });
  const [codes, media] = await Promise.all([serviceCodesByCategory(), mediaOf(rows, options.origin)]);
  return {
    root: "service_requests",
    value: list(
      "request",
      rows.map((r) => requestItem(r, lang, codes, media)),
    ),
  };
}

/** GET one request: a list of one; NOT_FOUND (404) for an unknown, private or merged one. */
export async function getOpen311Request(options: { id: string; lang: Lang; origin: string }): Promise<Open311Document> {
  const id = options.id.trim().toUpperCase();
  const row = id.length <= 40 ? await getDb().request.findFirst({ where: { AND: [PUBLIC_REQUEST_WHERE, { number: id }] }, select: publicRequestSelect }) : null;
  if (!row) throw new AppError("NOT_FOUND", "errors:open311.unknownRequest", { field: "service_request_id" });
  const [codes, media] = await Promise.all([serviceCodesByCategory(), mediaOf([row], options.origin)]);
  return { root: "service_requests", value: list("request", [requestItem(row, options.lang, codes, media)]) };
}

/** GET tokens: the request a POST's token became (always at once here). */
export async function getOpen311Token(options: { token: string }): Promise<Open311Document> {
  const token = options.token.trim();
  const row =
    token.length <= 200
      ? await getDb().request.findUnique({ where: { channel_externalId: { channel: "OPEN311", externalId: token } }, select: { number: true } })
      : null;
  if (!row) throw new AppError("NOT_FOUND", "errors:open311.unknownToken", { field: "token", params: { token: token.slice(0, 80) } });
  return { root: "service_requests", value: list("request", [{ service_request_id: row.number, token }]) };
}

// Events on the citizen's own timeline that speak to them ("you added…") are theirs, not news.
const NOT_NEWS = ["citizen-info", "citizen-answered"];

/**
 * The updates feed (servicerequestupdates, as FixMyStreet reads it): the public events of
 * public requests in the date window (default: the last 90 days), oldest first, each with the
 * request's open/closed state at that moment and what happened in words. Paged like GET requests.
 */
export async function listOpen311Updates(options: { params: Params; lang: Lang; now?: Date }): Promise<Open311Document> {
  const { params, lang } = options;
  const { from, to } = dateWindow(params, options.now);
  const ids = csv(params("service_request_id"));
  const { skip, take } = paging(params);
  const db = getDb();
  const events = await db.requestEvent.findMany({
    where: {
      isPublic: true,
      type: { notIn: NOT_NEWS },
      createdAt: { gte: from, lte: to },
      request: { AND: [PUBLIC_REQUEST_WHERE, ...(ids.length ? [{ number: { in: ids.map((i) => i.toUpperCase()) } }] : [])] },
    },
    orderBy: { id: "asc" },
    skip,
    take,
    select: { id: true, requestId: true, type: true, toStatus: true, createdAt: true, request: { select: { number: true } } },
  });
  // The status each request had at each event: the last status an event of it set so far.
  const requestIds = [...new Set(events.map((e) => e.requestId))];
  const lastId = events.length ? events[events.length - 1]!.id : 0n;
  const moves = requestIds.length
    ? await db.requestEvent.findMany({
        where: { requestId: { in: requestIds }, toStatus: { not: null }, id: { lte: lastId } },
        orderBy: { id: "asc" },
        select: { id: true, requestId: true, toStatus: true },
      })
    : [];
  const statusAt = (requestId: string, id: bigint): RequestStatus => {
    let status: RequestStatus = "NEW";
    for (const m of moves) if (m.requestId === requestId && m.id <= id) status = m.toStatus!;
    return status;
  };
  const items = events.map((e) => {
    const status = e.toStatus ?? statusAt(e.requestId, e.id);
    const key = `citizen:event.${e.type}`;
    return {
      update_id: String(e.id),
      service_request_id: e.request.number,
      status: isOpen(status) ? "open" : "closed",
      updated_datetime: w3cDate(e.createdAt),
      description: hasText(lang, key) ? t(lang, key, { status: statusText(lang, status) }) : t(lang, "citizen:event.other"),
      media_url: null,
    };
  });
  return { root: "service_requests_updates", value: list("request_update", items) };
}
