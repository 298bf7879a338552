// GET /api/deadlines — public preview of the clocks for a moment of receipt.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { parseIsoInstant } from "#app/domain/calendar/kyiv-time.ts";
import { computeClocks, regimeFromName } from "#app/domain/deadlines/compute-clocks.server.ts";
import { parseForm } from "#app/utils/form.server.ts";
import { toLang } from "#app/utils/i18n.server.ts";
import { readSearchParams } from "#app/utils/request-input.server.ts";
import { toUserError } from "#app/utils/user-error.server.ts";

// An empty "category=" from a form means "none", an empty regime "as in force" (parseForm
// reads an empty value as not given).
const QuerySchema = z.object({
  receivedAt: z
    .string({ error: "errors:deadline.receivedAtRequired" })
    // An unencoded "+" of the offset arrives as a space; read it back as "+".
    .transform((v) => parseIsoInstant(v.replace(/ (\d{2}:\d{2})$/, "+$1")))
    .refine((d): d is Date => d !== null, "errors:deadline.receivedAtInvalid"),
  category: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/i, "errors:deadline.categoryUnknown")
    .optional(),
  regime: z.enum(["peacetime", "martial-law"], { error: "errors:deadline.regimeInvalid" }).optional(),
});

function problem(error: string, field: string | undefined, status: number) {
  return Response.json({ error, ...(field ? { field } : {}) }, { status });
}

export async function loader({ request }: LoaderFunctionArgs) {
  const params = readSearchParams(request);
  const lang = toLang(params.get("lang"));
  try {
    const query = parseForm(params, QuerySchema);
    const result = await computeClocks({
      receivedAt: query.receivedAt,
      categoryCode: query.category,
      regime: query.regime ? regimeFromName(query.regime) : undefined,
      lang,
    });
    return Response.json(result, { headers: { "Cache-Control": "public, max-age=60" } });
  } catch (e) {
    const error = toUserError(e, lang);
    return problem(error.message, error.field ?? undefined, error.status);
  }
}
