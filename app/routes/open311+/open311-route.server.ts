// The Open311 GeoReport v2 door (not a route: *.server.* files are ignored by flat-routes).
// Reads the method and format from the address (`services.xml`, `requests/{id}.json`…), the
// jurisdiction and api_key, calls one domain function and writes its answer in the format the
// suffix asked for. Every refusal is the spec's error list in that format: 404 for an unknown
// service, request, token or address, 403 for a missing or bad api_key, 400 for anything else.
import { createOpen311Request } from "#app/domain/open311/create-open311-request.server.ts";
import { getOpen311Discovery } from "#app/domain/open311/open311-discovery.server.ts";
import { CONTENT_TYPES, errorDocument, serialize, type Open311Document, type Open311Format } from "#app/domain/open311/open311-format.ts";
import { authenticateOpen311Key, type Open311Caller } from "#app/domain/open311/open311-keys.server.ts";
import { listOpen311Requests, getOpen311Request, getOpen311Token, listOpen311Updates } from "#app/domain/open311/list-open311-requests.server.ts";
import { getService, listServices, serviceDefinitionDocument, servicesDocument } from "#app/domain/open311/open311-services.server.ts";
import { isInvalidInputError } from "#app/utils/db-errors.ts";
import { getEnv } from "#app/utils/env.server.ts";
import { AppError, isAppError, renderText } from "#app/utils/errors.ts";
import type { Lang } from "#app/utils/i18n.server.ts";
import { getRequestLang } from "#app/utils/lang.server.ts";
import { cleanForm, readSearchParams } from "#app/utils/request-input.server.ts";

type Call = { method: string; resource: string; id: string | null; format: Open311Format | null };

/**
 * "services.xml" → services, no id, xml; "services/HEAT01.json" → services, HEAT01, json. Only the last
 * suffix is the format (codes may hold dots). The path arrives decoded from the router: it is not decoded again.
 */
function readCall(method: string, path: string): Call {
  const m = /^(.*)\.(xml|json)$/i.exec(path.replace(/^\/+|\/+$/g, ""));
  const format = m ? (m[2]!.toLowerCase() as Open311Format) : null;
  const [resource = "", ...rest] = (m ? m[1]! : path).split("/");
  return { method, resource: resource.toLowerCase(), id: rest.length ? rest.join("/") : null, format };
}

const PUBLIC_HEADERS = { "Access-Control-Allow-Origin": "*" };

export function open311Response(doc: Open311Document, format: Open311Format, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(serialize(doc, format), { status, headers: { "Content-Type": CONTENT_TYPES[format], ...headers } });
}

function errorResponse(error: unknown, lang: Lang, format: Open311Format): Response {
  const e = isInvalidInputError(error) ? new AppError("VALIDATION", "errors:input.refused") : error;
  if (!isAppError(e)) throw error;
  const status = e.code === "NOT_FOUND" ? 404 : e.code === "FORBIDDEN" ? 403 : e.code === "UNAVAILABLE" ? 503 : 400;
  const problems = e.problems.length ? e.problems : [{ key: e.key, params: e.params }];
  return open311Response(
    errorDocument(
      status,
      problems.map((p) => renderText(lang, p.key, p.params)),
    ),
    format,
    status,
    PUBLIC_HEADERS,
  );
}

function checkJurisdiction(value: string | null) {
  const ours = getEnv().OPEN311_JURISDICTION_ID;
  if (value && value.trim().toLowerCase() !== ours.toLowerCase())
    throw new AppError("NOT_FOUND", "errors:open311.unknownJurisdiction", { field: "jurisdiction_id", params: { id: value.slice(0, 100), ours } });
}

async function requireKey(key: string | null): Promise<Open311Caller> {
  const caller = await authenticateOpen311Key(key);
  if (!caller) throw new AppError("FORBIDDEN", "errors:open311.apiKeyInvalid", { field: "api_key" });
  return caller;
}

const notFound = () => new AppError("NOT_FOUND", "errors:open311.unknownMethod");
const wrongMethod = () => new AppError("VALIDATION", "errors:open311.methodNotAllowed");

async function readPostedForm(request: Request): Promise<FormData> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^\s*(application\/x-www-form-urlencoded|multipart\/form-data)\s*(;|$)/i.test(type)) throw new AppError("VALIDATION", "errors:open311.notAForm");
  try {
    return cleanForm(await request.formData());
  } catch {
    throw new AppError("VALIDATION", "errors:open311.notAForm");
  }
}

/** One Open311 call: GET from the loader, anything else from the action. */
export async function handleOpen311(request: Request, path: string): Promise<Response> {
  const lang = getRequestLang(request);
  const call = readCall(request.method.toUpperCase(), path);
  const format = call.format ?? "xml";
  try {
    if (!call.format) throw new AppError("NOT_FOUND", "errors:open311.unknownFormat");
    const query = readSearchParams(request);
    const get = (name: string) => query.get(name)?.trim() || null;
    const isGet = call.method === "GET" || call.method === "HEAD";

    if (call.resource === "requests" && call.id === null && call.method === "POST") {
      const form = await readPostedForm(request);
      const posted = (name: string) => form.getAll(name).filter((v): v is string => typeof v === "string");
      const field = (name: string) => posted(name)[0]?.trim() || get(name);
      checkJurisdiction(field("jurisdiction_id"));
      const caller = await requireKey(field("api_key"));
      const { document } = await createOpen311Request({ caller, form: posted, lang });
      return open311Response(document, call.format, 201);
    }

    checkJurisdiction(get("jurisdiction_id"));
    const known = ["discovery", "services", "requests", "tokens", "servicerequestupdates"].includes(call.resource);
    if (!known || (call.id !== null && !["services", "requests", "tokens"].includes(call.resource))) throw notFound();
    if (!isGet) throw wrongMethod();
    switch (call.resource) {
      case "discovery":
        return open311Response(await getOpen311Discovery({ origin: new URL(request.url).origin, lang }), call.format, 200, PUBLIC_HEADERS);
      case "services":
        return open311Response(
          call.id === null ? servicesDocument(await listServices({ lang })) : serviceDefinitionDocument(await getService({ serviceCode: call.id, lang })),
          call.format,
          200,
          PUBLIC_HEADERS,
        );
      case "requests":
        return open311Response(
          call.id === null
            ? await listOpen311Requests({ params: get, lang, origin: new URL(request.url).origin })
            : await getOpen311Request({ id: call.id, lang, origin: new URL(request.url).origin }),
          call.format,
          200,
          PUBLIC_HEADERS,
        );
      case "tokens":
        if (call.id === null) throw notFound();
        return open311Response(await getOpen311Token({ token: call.id }), call.format, 200, PUBLIC_HEADERS);
      default:
        await requireKey(get("api_key"));
        return open311Response(await listOpen311Updates({ params: get, lang }), call.format);
    }
  } catch (e) {
    return errorResponse(e, lang, format);
  }
}
