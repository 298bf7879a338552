// POST requests: a client application files a request for a citizen. It enters through the
// one door every channel uses (submitRequest: numbered, routed, clocks set, the citizen told),
// with channel OPEN311. Client applications retry (a timeout, a user pressing twice), so the
// same application sending the same report from the same device, account or e-mail within a
// short window gets the request it already made instead of a second one.
import { createHmac } from "node:crypto";
import { parseIsoInstant } from "#app/domain/calendar/kyiv-time.ts";
import { submitRequest } from "#app/domain/requests/submit-request.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { AppError, isNonEmpty, type ErrorKey, type Problem } from "#app/utils/errors.ts";
import { parseId } from "#app/utils/ids.ts";
import type { Lang } from "#app/utils/i18n.server.ts";
import { createLogger } from "#app/utils/logger.server.ts";
import { getSessionSecret } from "#app/utils/session-secret.server.ts";
import { list, type Open311Document } from "./open311-format.ts";
import type { Open311Caller } from "./open311-keys.server.ts";
import { getService, type Attribute } from "./open311-services.server.ts";

const log = createLogger("web");

/** How long a repeated POST of the same report counts as the same delivery. */
export const REPEAT_WINDOW_MS = 10 * 60_000;
export const MAX_DESCRIPTION = 4000;

/** A posted form as name → every value given under it. */
export type FormValues = (name: string) => string[];

const first = (form: FormValues, name: string) => form(name)[0]?.trim() || null;

type Answers = Record<string, string | string[] | number>;

/** attribute[CODE] and attribute[CODE][] checked against the service's attributes; unknown codes are ignored (FixMyStreet adds its own). */
function readAttributes(attributes: Attribute[], form: FormValues, problems: Problem[]): Answers {
  const answers: Answers = {};
  for (const a of attributes) {
    if (!a.variable) continue;
    const values = [...form(`attribute[${a.code}]`), ...form(`attribute[${a.code}][]`)].map((v) => v.trim()).filter(Boolean);
    const field = `attribute[${a.code}]`;
    const problem = (key: ErrorKey, value?: string) =>
      problems.push({ field, key, params: { code: a.code, ...(value !== undefined ? { value: value.slice(0, 100) } : {}) } });
    if (!values.length) {
      if (a.required) problem("errors:open311.attributeRequired");
      continue;
    }
    if (a.datatype !== "multivaluelist" && values.length > 1) {
      problem("errors:open311.attributeSingle");
      continue;
    }
    const value = values[0]!;
    switch (a.datatype) {
      case "number": {
        const n = Number(value.replace(",", "."));
        if (!Number.isFinite(n)) problem("errors:open311.attributeNumber");
        else answers[a.code] = n;
        break;
      }
      case "datetime": {
        const d = parseIsoInstant(value);
        if (!d) problem("errors:open311.attributeDatetime");
        else answers[a.code] = d.toISOString();
        break;
      }
      case "singlevaluelist":
      case "multivaluelist": {
        const bad = values.find((v) => !a.values.some((x) => x.key === v));
        if (bad !== undefined) problem("errors:open311.attributeChoice", bad);
        else answers[a.code] = a.datatype === "multivaluelist" ? [...new Set(values)] : value;
        break;
      }
      default:
        if (value.length > 1000) problem("errors:open311.attributeTooLong");
        else answers[a.code] = value;
    }
  }
  return answers;
}

type Place = { location: { lat: number; lon: number } | null; address: string | null };

async function readPlace(form: FormValues, problems: Problem[]): Promise<Place> {
  const lat = first(form, "lat");
  const lon = first(form, "long");
  const addressString = first(form, "address_string");
  const addressId = first(form, "address_id");
  let location: Place["location"] = null;
  let address = addressString ? addressString.slice(0, 500) : null;
  if (lat !== null || lon !== null) {
    if (lat === null || lon === null) problems.push({ field: lat === null ? "lat" : "long", key: "errors:open311.latLongPair" });
    else {
      const [y, x] = [Number(lat), Number(lon)];
      if (!Number.isFinite(y) || !Number.isFinite(x) || Math.abs(y) > 90 || Math.abs(x) > 180)
        problems.push({ field: "lat", key: "errors:open311.latLongInvalid" });
      else location = { lat: y, lon: x };
    }
  }
  if (addressId) {
    // Our address ids are the city's streets: a street's id, or its name as the list spells it.
    const streetId = parseId(addressId);
    const street = await getDb().street.findFirst({
      where: streetId ? { id: streetId } : { nameUk: { equals: addressId.slice(0, 200), mode: "insensitive" } },
      select: { nameUk: true, lat: true, lon: true },
    });
    if (!street) problems.push({ field: "address_id", key: "errors:open311.unknownAddressId", params: { id: addressId.slice(0, 100) } });
    else {
      address ??= street.nameUk;
      location ??= { lat: street.lat, lon: street.lon };
    }
  }
  if (lat === null && lon === null && !addressString && !addressId) problems.push({ field: "lat", key: "errors:open311.locationRequired" });
  return { location, address };
}

/**
 * The delivery's id for submitRequest: the calling application, who the report is from (its
 * device, account or e-mail) and what it says, keyed with the server secret (the id names
 * nobody), in windows of REPEAT_WINDOW_MS.
 */
function deliveryKey(parts: unknown[], window: number) {
  const digest = createHmac("sha256", getSessionSecret()).update(JSON.stringify(parts)).digest("base64url").slice(0, 32);
  return `o311-${digest}-${window}`;
}

export type CreateOpen311RequestResult = { document: Open311Document; created: boolean; number: string };

export async function createOpen311Request(options: { caller: Open311Caller; form: FormValues; lang: Lang; now?: Date }): Promise<CreateOpen311RequestResult> {
  const { form, lang } = options;
  const code = first(form, "service_code");
  if (!code) throw new AppError("VALIDATION", "errors:open311.serviceCodeRequired", { field: "service_code" });
  const service = await getService({ serviceCode: code, lang: "uk" });

  const problems: Problem[] = [];
  const place = await readPlace(form, problems);
  const answers = readAttributes(service.attributes, form, problems);
  const text = first(form, "description");
  if (text && text.length > MAX_DESCRIPTION) problems.push({ field: "description", key: "errors:open311.descriptionTooLong" });
  if (!service.allowsAnonymous && !first(form, "phone") && !first(form, "email")) problems.push({ field: "email", key: "errors:report.contactRequired" });
  if (isNonEmpty(problems)) throw AppError.invalid(problems);

  // A description is optional in Open311; the request then says what service it is for.
  const mediaUrl = first(form, "media_url");
  const description = [
    !text ? service.name : text.length >= 3 ? text : `${service.name}: ${text}`,
    mediaUrl && /^https?:\/\//i.test(mediaUrl) ? mediaUrl.slice(0, 1000) : null,
  ]
    .filter(Boolean)
    .join("\n\n");
  const fullName = [first(form, "first_name"), first(form, "last_name")].filter(Boolean).join(" ").slice(0, 200) || null;
  const phone = first(form, "phone");
  const email = first(form, "email");
  const deviceId = first(form, "device_id");
  const accountId = first(form, "account_id");

  const now = options.now ?? new Date();
  const window = Math.floor(now.getTime() / REPEAT_WINDOW_MS);
  const parts = [options.caller.clientId, deviceId, accountId, email?.toLowerCase() ?? null, service.serviceCode, description, place, answers];
  // A repeat just after a window's edge still finds the request made just before it.
  const earlier = await getDb().request.findUnique({
    where: { channel_externalId: { channel: "OPEN311", externalId: deliveryKey(parts, window - 1) } },
    select: { number: true, receivedAt: true },
  });
  const externalId = earlier && now.getTime() - earlier.receivedAt.getTime() < REPEAT_WINDOW_MS ? deliveryKey(parts, window - 1) : deliveryKey(parts, window);

  const result = await submitRequest({
    channel: "OPEN311",
    externalId,
    description,
    categoryCode: service.categoryCode,
    location: place.location,
    address: place.address,
    answers,
    citizen: fullName || phone || email ? { fullName, phone, email, language: lang } : null,
    language: lang,
    receivedAt: now,
  });
  log.info("open311 request filed", { requestId: result.request.id, created: result.created, client: options.caller.clientId });
  return {
    created: result.created,
    number: result.request.number,
    document: {
      root: "service_requests",
      value: list("request", [{ service_request_id: result.request.number, token: externalId, service_notice: null, account_id: accountId }]),
    },
  };
}
