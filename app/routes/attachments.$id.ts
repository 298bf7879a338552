// GET /attachments/:id?token= — a photo of a request, only for the holder of its tracking link.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getAttachmentFile } from "#app/domain/attachments/get-attachment-file.server.ts";
import { isAppError } from "#app/utils/errors.ts";
import { readSearchParams } from "#app/utils/request-input.server.ts";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const token = readSearchParams(request).get("token") ?? "";
  try {
    const file = await getAttachmentFile({ attachmentId: params.id ?? "", token });
    return new Response(new Uint8Array(file.bytes), {
      headers: {
        "Content-Type": file.mimeType,
        "Cache-Control": "private, max-age=3600",
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'",
        "Referrer-Policy": "no-referrer",
      },
    });
  } catch (e) {
    if (isAppError(e) && e.code === "NOT_FOUND")
      return new Response("Не знайдено / Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
    throw e;
  }
}
