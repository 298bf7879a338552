// Shared by the /admin routes (not a route: *.server.* files are ignored by flat-routes).
import { data } from "@remix-run/node";
import { requireStaffUser } from "#app/utils/auth.server.ts";
import { requireCsrf } from "#app/utils/csrf.server.ts";
import { t, type Lang } from "#app/utils/i18n.server.ts";
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
