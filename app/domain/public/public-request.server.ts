// The public part of a request: the one projection every public door uses (the public map,
// list and cards, the statistics, the open-data downloads, Open311). What leaves is decided
// here, once: never a name, phone, e-mail or the citizen's own words unless they agreed to
// publish them; the place only as a coarse area unless they agreed; private requests and
// merged duplicates not at all.
import { snapToCell, NEARBY_CELL_M } from "#app/domain/requests/find-nearby-requests.server.ts";
import { isOpen } from "#app/domain/requests/status-machine.ts";
import { withoutContacts } from "./scrub-contacts.ts";
import type { Prisma } from "#app/generated/prisma/client.ts";
import type { RequestStatus } from "#app/generated/prisma/enums.ts";

/** Requests that may appear in public at all. */
export const PUBLIC_REQUEST_WHERE = {
  isPrivate: false,
  status: { notIn: ["MERGED"] },
} satisfies Prisma.RequestWhereInput;

export const publicRequestSelect = {
  id: true,
  number: true,
  channel: true,
  status: true,
  description: true,
  address: true,
  lat: true,
  lon: true,
  publishConsent: true,
  publicAnswer: true,
  resultCode: true,
  dueAt: true,
  receivedAt: true,
  resolvedAt: true,
  closedAt: true,
  updatedAt: true,
  category: { select: { code: true, nameUk: true, nameEn: true, parent: { select: { code: true, nameUk: true, nameEn: true } } } },
  department: { select: { code: true, nameUk: true, nameEn: true } },
  district: { select: { code: true, nameUk: true, nameEn: true } },
} satisfies Prisma.RequestSelect;

type Row = Prisma.RequestGetPayload<{ select: typeof publicRequestSelect }>;
type Named = { code: string; nameUk: string; nameEn: string | null } | null;

export type PublicRequest = {
  number: string;
  status: RequestStatus;
  /** Open311's two states: a request still being worked on, or one that is settled. */
  state: "open" | "closed";
  category: { code: string; name: string; group: { code: string; name: string } | null } | null;
  department: { code: string; name: string } | null;
  district: { code: string; name: string } | null;
  /** The citizen's words, only when they agreed to publish them. */
  description: string | null;
  /** The street address, only when they agreed. */
  address: string | null;
  /** The exact point when they agreed; otherwise the centre of a ~150 m cell. */
  location: { lat: number; lon: number; exact: boolean; cellM: number | null } | null;
  /** The official answer, only when they agreed (it may quote them). */
  answer: string | null;
  /** The binding deadline while open. */
  expectedAt: Date | null;
  receivedAt: Date;
  resolvedAt: Date | null;
  updatedAt: Date;
};

function named(n: Named, lang: "uk" | "en") {
  return n ? { code: n.code, name: lang === "en" ? (n.nameEn ?? n.nameUk) : n.nameUk } : null;
}

/** The public projection of one row read with publicRequestSelect. */
export function toPublicRequest(row: Row, lang: "uk" | "en"): PublicRequest {
  const consent = row.publishConsent;
  const point = row.lat != null && row.lon != null ? { lat: row.lat, lon: row.lon } : null;
  const category = row.category ? { ...named(row.category, lang)!, group: named(row.category.parent, lang) } : null;
  return {
    number: row.number,
    status: row.status,
    state: isOpen(row.status) ? "open" : "closed",
    category,
    department: named(row.department, lang),
    district: named(row.district, lang),
    // Even with consent, a phone or e-mail written into the text stays out (scrub-contacts.ts).
    description: consent ? withoutContacts(row.description) : null,
    address: consent ? row.address : null,
    location: point ? (consent ? { ...point, exact: true, cellM: null } : { ...snapToCell(point), exact: false, cellM: NEARBY_CELL_M }) : null,
    answer: consent ? withoutContacts(row.publicAnswer) : null,
    // Uncategorised, the earliest term is the contact centre's own one to sort it, no promise to anyone.
    expectedAt: isOpen(row.status) && row.category ? row.dueAt : null,
    receivedAt: row.receivedAt,
    resolvedAt: row.resolvedAt ?? row.closedAt,
    updatedAt: row.updatedAt,
  };
}
