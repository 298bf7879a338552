// The doors' readers of what a browser or a script sent: the posted form, the query string
// and ids taken from the URL or a form. Anything that cannot be read becomes a 4xx the
// person can act on (never a 500), and every text is cleaned (see text.ts) on the way in.
import { unstable_createMemoryUploadHandler, unstable_parseMultipartFormData, MaxPartSizeExceededError } from "@remix-run/node";
import { t } from "./i18n.server.ts";
import { isUuid, parseId } from "./ids.ts";
import { cleanText } from "./text.ts";

export { isUuid, parseId };

const FORM_CONTENT_TYPE = /^\s*(application\/x-www-form-urlencoded|multipart\/form-data)\s*(;|$)/i;

/** A plain-text answer in Ukrainian, then English (a thrown Response renders in the error page). */
export function bilingualResponse(status: number, key: string, headers: Record<string, string> = {}) {
  return new Response(`${t("uk", key)} / ${t("en", key)}`, { status, headers: { "Content-Type": "text/plain; charset=utf-8", ...headers } });
}

/**
 * The posted form, cleaned. A body that is not a form (JSON, text/plain, none) throws a
 * 415, one that cannot be parsed (broken multipart, no boundary) a 400, and with
 * `maxFileBytes` a file part over that size a 413.
 */
export async function readForm(request: Request, options: { maxFileBytes?: number } = {}): Promise<FormData> {
  const type = request.headers.get("content-type") ?? "";
  const match = FORM_CONTENT_TYPE.exec(type);
  if (!match) throw bilingualResponse(415, "common:errors.notAForm");
  let form: FormData;
  try {
    form =
      options.maxFileBytes && match[1]!.toLowerCase() === "multipart/form-data"
        ? await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: options.maxFileBytes }))
        : await request.formData();
  } catch (e) {
    if (e instanceof MaxPartSizeExceededError) throw bilingualResponse(413, "common:errors.fileTooLarge");
    throw bilingualResponse(400, "common:errors.unreadableForm");
  }
  return cleanForm(form);
}

/** A copy of `form` with keys, values and file names cleaned. */
export function cleanForm(form: FormData): FormData {
  const out = new FormData();
  for (const [key, value] of form) {
    if (typeof value === "string") out.append(cleanText(key), cleanText(value));
    else {
      const name = cleanText(value.name);
      out.append(cleanText(key), name === value.name ? value : new File([value], name, { type: value.type, lastModified: value.lastModified }));
    }
  }
  return out;
}

/** The query string, cleaned (a `%00` or an unpaired surrogate never reaches a query). */
export function readSearchParams(request: Request | URL): URLSearchParams {
  const url = request instanceof URL ? request : new URL(request.url);
  const out = new URLSearchParams();
  for (const [key, value] of url.searchParams) out.append(cleanText(key), cleanText(value));
  return out;
}

/** An id from the URL (a route param): a UUID, or a 404 — no page lives at a malformed address. */
export function requireIdParam(value: string | undefined): string {
  const id = parseId(value);
  if (!id) throw bilingualResponse(404, "common:errors.notFound");
  return id;
}
