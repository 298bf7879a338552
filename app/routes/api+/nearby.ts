// GET /api/nearby?category=&lat=&lon= — open requests of that category within ~300 m,
// public fields only (number, category, status, coarse area and distance, date).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { findNearbyRequests } from "#app/domain/requests/find-nearby-requests.server.ts";
import { isAppError } from "#app/utils/errors.ts";
import { t, toLang } from "#app/utils/i18n.server.ts";

const NearbyQuerySchema = z.object({
  category: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,99}$/i),
  lat: z.coerce.number().min(-90).max(90),
  lon: z.coerce.number().min(-180).max(180),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const lang = toLang(params.get("lang"));
  const parsed = NearbyQuerySchema.safeParse({ category: params.get("category") ?? "", lat: params.get("lat") ?? "", lon: params.get("lon") ?? "" });
  if (!parsed.success) {
    const field = String(parsed.error.issues[0]?.path[0] ?? "category");
    return Response.json(
      { error: t(lang, field === "category" ? "citizen:errors.categoryCode.unknown" : "citizen:errors.address.required"), field },
      { status: 400 },
    );
  }
  try {
    const nearby = await findNearbyRequests({ categoryCode: parsed.data.category, lat: parsed.data.lat, lon: parsed.data.lon, lang });
    return Response.json({ nearby }, { headers: { "Cache-Control": "no-store" } });
  } catch (e) {
    if (isAppError(e) && e.code === "VALIDATION")
      return Response.json({ error: t(lang, "citizen:errors.categoryCode.unknown"), field: "category" }, { status: 400 });
    throw e;
  }
}
