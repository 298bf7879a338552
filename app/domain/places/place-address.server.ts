// An address dictated over the phone (street, house, flat, entrance) becomes what routing and
// outage matching need: the address text, a point and the district containing it.
import { getDb, type Tx } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { findDistrict } from "#app/domain/routing/find-district.server.ts";

export type StreetMatch = { id: string; nameUk: string; lat: number; lon: number; approximate: boolean; matchedFormerName: string | null };

const normalise = (s: string) => s.trim().replace(/[ʼ’`]/g, "'").replace(/\s+/g, " ");

/**
 * The street whose current name, or one of its former/Russian names, is exactly `name`
 * (case-insensitive); the current name wins over a former one.
 */
export async function findStreetByName(options: { name: string; tx?: Tx }): Promise<StreetMatch | null> {
  const name = normalise(options.name);
  if (name.length < 2) return null;
  const db = options.tx ?? getDb();
  const rows = await db.$queryRaw<{ id: string; nameUk: string; lat: number; lon: number; approximate: boolean; alias: string | null }[]>`
    SELECT s.id, s."nameUk", s.lat, s.lon, s.approximate,
      (SELECT a FROM unnest(s.aliases) AS a WHERE lower(a) = lower(${name}) LIMIT 1) AS alias
    FROM "Street" s
    WHERE lower(s."nameUk") = lower(${name})
       OR EXISTS (SELECT 1 FROM unnest(s.aliases) AS a WHERE lower(a) = lower(${name}))
    ORDER BY (lower(s."nameUk") = lower(${name})) DESC, s."nameUk"
    LIMIT 1`;
  const r = rows[0];
  if (!r) return null;
  const isCurrent = r.nameUk.toLowerCase() === name.toLowerCase();
  return { id: r.id, nameUk: r.nameUk, lat: r.lat, lon: r.lon, approximate: r.approximate, matchedFormerName: isCurrent ? null : r.alias };
}

export type AddressParts = { street?: string; house?: string; flat?: string; entrance?: string };

/** "вулиця Шевченка, 12, кв. 5, під'їзд 2" — always in Ukrainian, as the city's records are. */
export function formatAddress(street: string, parts: AddressParts): string {
  const out = [street];
  if (parts.house?.trim()) out.push(parts.house.trim());
  if (parts.flat?.trim()) out.push(`кв. ${parts.flat.trim()}`);
  if (parts.entrance?.trim()) out.push(`під'їзд ${parts.entrance.trim()}`);
  return out.join(", ");
}

const HOUSE = /^\d{1,4}(?:\s?[-/]\s?\d{1,4})?\s?[а-яіїєґa-z]?$/iu;

/**
 * The address and point of a phone appeal. A street from the list gives its current name
 * (a former name is turned into the current one) and its point; a pin the operator placed
 * wins over the street's point. A street not in the list is kept as typed, with no point
 * unless a pin was placed.
 */
export async function placeAddress(options: { parts: AddressParts; pin?: { lat: number; lon: number } | null; tx?: Tx }) {
  const { parts, pin } = options;
  const typed = normalise(parts.street ?? "");
  if (!typed) {
    if (parts.house?.trim()) throw new AppError("VALIDATION", "errors:address.streetRequired", { field: "street" });
    return { address: null, location: pin ?? null, street: null };
  }
  if (parts.house?.trim() && !HOUSE.test(parts.house.trim()))
    throw new AppError("VALIDATION", "errors:address.houseInvalid", { field: "house", params: { house: parts.house.trim().slice(0, 20) } });
  const street = await findStreetByName({ name: typed, tx: options.tx });
  const address = formatAddress(street?.nameUk ?? typed, parts);
  const location = pin ?? (street ? { lat: street.lat, lon: street.lon } : null);
  return { address, location, street };
}

/** The district containing the point (for the operator to see before saving), or null. */
export async function districtAt(point: { lat: number; lon: number }) {
  const d = await findDistrict({ tx: getDb() as unknown as Tx, lat: point.lat, lon: point.lon });
  return d ? { id: d.id, code: d.code, nameUk: d.nameUk, nameEn: d.nameEn } : null;
}
