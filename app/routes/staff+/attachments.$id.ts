// GET /staff/attachments/:id — a request's photo, recording or voice note for staff who may
// see the request (403 otherwise), audited; byte ranges served so a recording can be sought.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getStaffAttachmentFile } from "#app/domain/attachments/get-staff-attachment-file.server.ts";
import { requireStaffUser } from "#app/utils/auth.server.ts";
import { getClientAddress } from "#app/utils/client-address.server.ts";
import { getRequestLang } from "#app/utils/lang.server.ts";
import { throwAsResponse } from "#app/utils/user-error.server.ts";

/** "bytes=a-b", "bytes=a-", "bytes=-n" of a `size`-byte file, or null (then the whole file). */
function parseRange(header: string | null, size: number): { start: number; end: number } | null {
  const m = header?.match(/^bytes=(\d*)-(\d*)$/);
  if (!m || (!m[1] && !m[2]) || size === 0) return null;
  let start: number;
  let end: number;
  if (!m[1]) {
    start = Math.max(0, size - Number(m[2]));
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] ? Math.min(Number(m[2]), size - 1) : size - 1;
  }
  return start <= end && start < size ? { start, end } : null;
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireStaffUser(request);
  const lang = getRequestLang(request);
  const rangeHeader = request.headers.get("range");
  // One playback is one audit entry: the player's later range requests are not new openings.
  const continuing = /^bytes=[1-9]/.test(rangeHeader ?? "");
  try {
    const file = await getStaffAttachmentFile({ actor: user, attachmentId: params.id ?? "", audit: !continuing, ip: getClientAddress(request, context) });
    const headers: Record<string, string> = {
      "Content-Type": file.mimeType,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'",
      "Content-Disposition": "inline",
      "Accept-Ranges": "bytes",
    };
    const size = file.bytes.length;
    const range = parseRange(rangeHeader, size);
    if (rangeHeader && !range && /^bytes=/.test(rangeHeader) && size > 0)
      return new Response(null, { status: 416, headers: { ...headers, "Content-Range": `bytes */${size}` } });
    if (range)
      return new Response(new Uint8Array(file.bytes.subarray(range.start, range.end + 1)), {
        status: 206,
        headers: { ...headers, "Content-Range": `bytes ${range.start}-${range.end}/${size}`, "Content-Length": String(range.end - range.start + 1) },
      });
    return new Response(new Uint8Array(file.bytes), { headers: { ...headers, "Content-Length": String(size) } });
  } catch (e) {
    throwAsResponse(e, lang);
  }
}
