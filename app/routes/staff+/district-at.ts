// GET /staff/district-at?lat=&lon= — the district containing a point, for the phone-appeal
// form to show before the operator saves (the same point-in-polygon routing uses).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { districtAt } from "#app/domain/places/place-address.server.ts";
import { requireStaffUser } from "#app/utils/auth.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { getRequestLang } from "#app/utils/lang.server.ts";
import { readSearchParams } from "#app/utils/request-input.server.ts";
import { throwAsResponse } from "#app/utils/user-error.server.ts";

const Point = z.object({ lat: z.coerce.number().min(-90).max(90), lon: z.coerce.number().min(-180).max(180) });

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaffUser(request, { roles: ["OPERATOR", "SUPERVISOR", "ADMIN"] });
  const lang = getRequestLang(request);
  try {
    const q = readSearchParams(request);
    const point = Point.safeParse({ lat: q.get("lat") ?? undefined, lon: q.get("lon") ?? undefined });
    if (!point.success) throw new AppError("VALIDATION", "errors:input.invalid");
    const district = await districtAt(point.data);
    return Response.json({ district }, { headers: { "Cache-Control": "no-store" } });
  } catch (e) {
    throwAsResponse(e, lang);
  }
}
