// GET /api/streets?q= — street suggestions for the address field (names and former/Russian aliases).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { searchStreets } from "#app/domain/places/search-streets.server.ts";
import { readSearchParams } from "#app/utils/request-input.server.ts";

export async function loader({ request }: LoaderFunctionArgs) {
  const q = (readSearchParams(request).get("q") ?? "").trim().slice(0, 100);
  const streets = await searchStreets({ q });
  return Response.json({ streets }, { headers: { "Cache-Control": "public, max-age=300" } });
}
