// GET /problems/<number>/photos/<id> — a photo of a public request whose citizen agreed to publish it.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getPublicPhoto } from "#app/domain/public/get-public-request.server.ts";
import { isAppError } from "#app/utils/errors.ts";

export async function loader({ params }: LoaderFunctionArgs) {
  try {
    const file = await getPublicPhoto({ number: String(params.number ?? "").toUpperCase(), photoId: params.id ?? "" });
    return new Response(new Uint8Array(file.bytes), {
      headers: {
        "Content-Type": file.mimeType,
        // Consent can be withdrawn (the request made private): caches keep it only briefly.
        "Cache-Control": "public, max-age=300",
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'",
      },
    });
  } catch (e) {
    if (isAppError(e) && e.code === "NOT_FOUND")
      return new Response("Не знайдено / Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
    throw e;
  }
}
