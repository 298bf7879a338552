// GET /api/deadlines — public preview of the clocks for a moment of receipt.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { parseIsoInstant } from "#app/domain/calendar/kyiv-time.ts";
import { computeClocks, regimeFromName } from "#app/domain/deadlines/compute-clocks.server.ts";
import { isAppError } from "#app/utils/errors.ts";
import { t, toLang, type Lang } from "#app/utils/i18n.server.ts";
import { readSearchParams } from "#app/utils/request-input.server.ts";

function querySchema(lang: Lang) {
  return z.object({
    receivedAt: z
      .string({ error: t(lang, "deadlines:errors.receivedAtRequired") })
      .min(1, t(lang, "deadlines:errors.receivedAtRequired"))
      // An unencoded "+" of the offset arrives as a space; read it back as "+".
      .transform((v) => parseIsoInstant(v.replace(/ (\d{2}:\d{2})$/, "+$1")))
      .refine((d): d is Date => d !== null, t(lang, "deadlines:errors.receivedAtInvalid")),
    category: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/i, t(lang, "deadlines:errors.categoryUnknown"))
      .optional(),
    regime: z.enum(["peacetime", "martial-law"], { error: t(lang, "deadlines:errors.regimeInvalid") }).optional(),
  });
}

function problem(error: string, field: string | undefined, status: number) {
  return Response.json({ error, ...(field ? { field } : {}) }, { status });
}

export async function loader({ request }: LoaderFunctionArgs) {
  const params = readSearchParams(request);
  const lang = toLang(params.get("lang"));
  const query = Object.fromEntries(
    ["receivedAt", "category", "regime"].flatMap((k) => {
      const v = params.get(k);
      // An empty "category=" from a form means "none"; an empty regime means "as in force".
      return v === null || (v === "" && k !== "receivedAt") ? [] : [[k, v]];
    }),
  );
  const parsed = querySchema(lang).safeParse(query);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return problem(issue.message, String(issue.path[0] ?? "receivedAt"), 400);
  }
  try {
    const result = await computeClocks({
      receivedAt: parsed.data.receivedAt,
      categoryCode: parsed.data.category,
      regime: parsed.data.regime ? regimeFromName(parsed.data.regime) : undefined,
      lang,
    });
    return Response.json(result, { headers: { "Cache-Control": "public, max-age=60" } });
  } catch (e) {
    if (isAppError(e)) return problem(e.message, e.field, e.status);
    throw e;
  }
}
