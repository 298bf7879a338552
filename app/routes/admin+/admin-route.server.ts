// Shared by the /admin routes (not a route: *.server.* files are ignored by flat-routes).
import { data, type ActionFunctionArgs } from "@remix-run/node";
import type { z } from "zod";
import { requireStaffUser } from "#app/utils/auth.server.ts";
import { requireCsrf } from "#app/utils/csrf.server.ts";
import { t, type Lang } from "#app/utils/i18n.server.ts";
import { parseForm } from "#app/utils/form.server.ts";
import { getRequestLang } from "#app/utils/lang.server.ts";
import { readForm } from "#app/utils/request-input.server.ts";
import { toUserError } from "#app/utils/user-error.server.ts";

export const requireAdmin = (request: Request) => requireStaffUser(request, { roles: ["ADMIN"] });

/** The posted form, after the admin check and the CSRF check. */
export async function readAdminForm(request: Request) {
  const formData = await readForm(request);
  requireCsrf(request, formData);
  return formData;
}

export type AdminActionResult = { ok: true; message: string } | { ok: false; error: string; field?: string };

/**
 * Runs one admin action (its form read with parseForm, then one domain call) and maps the
 * outcome: success → 200 with the text of the returned key; an error → toUserError's status
 * and sentences, a general input problem named by the field's admin label. A bug is rethrown.
 */
export async function runAdminAction(lang: Lang, fn: () => Promise<string>) {
  try {
    const key = await fn();
    return data<AdminActionResult>({ ok: true, message: t(lang, key) });
  } catch (e) {
    const error = toUserError(e, lang, { labels: "admin:fields" });
    return data<AdminActionResult>({ ok: false, error: error.message, ...(error.field ? { field: error.field } : {}) }, { status: error.status });
  }
}

/**
 * The action of an admin page: the admin and CSRF checks, the form parsed with the page's
 * schema (one branch per intent), then `handle` with the typed input and the acting admin;
 * its returned key is the success message, and errors are mapped by runAdminAction.
 */
export function adminAction<S extends z.ZodType>(schema: S, handle: (input: z.output<S>, actorId: string) => Promise<string>) {
  return async ({ request }: ActionFunctionArgs) => {
    const user = await requireAdmin(request);
    const form = await readAdminForm(request);
    return runAdminAction(getRequestLang(request), () => handle(parseForm(form, schema), user.id));
  };
}
