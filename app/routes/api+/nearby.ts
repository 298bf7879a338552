// GET /api/nearby?category=&lat=&lon= — open requests of that category within ~300 m,
// public fields only (number, category, status, coarse area and distance, date).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { findNearbyRequests } from "#app/domain/requests/find-nearby-requests.server.ts";
import { parseForm } from "#app/utils/form.server.ts";
import { toLang } from "#app/utils/i18n.server.ts";
import { readSearchParams } from "#app/utils/request-input.server.ts";
import { toUserError } from "#app/utils/user-error.server.ts";

// The form asks before it has a pin or a category only by mistake: both are needed.
const NearbyQuerySchema = z.object({
  category: z.string({ error: "errors:category.unknown" }).regex(/^[a-z0-9][a-z0-9._-]{0,99}$/i, "errors:category.unknown"),
  lat: z.number({ error: "errors:request.placeRequired" }).min(-90, "errors:request.placeRequired").max(90, "errors:request.placeRequired"),
  lon: z.number({ error: "errors:request.placeRequired" }).min(-180, "errors:request.placeRequired").max(180, "errors:request.placeRequired"),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const params = readSearchParams(request);
  const lang = toLang(params.get("lang"));
  try {
    const query = parseForm(params, NearbyQuerySchema);
    const nearby = await findNearbyRequests({ categoryCode: query.category, lat: query.lat, lon: query.lon, lang });
    return Response.json({ nearby }, { headers: { "Cache-Control": "no-store" } });
  } catch (e) {
    const error = toUserError(e, lang);
    return Response.json({ error: error.message, field: error.field }, { status: error.status });
  }
}
