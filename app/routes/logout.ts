import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { requireCsrf } from "#app/utils/csrf.server.ts";
import { endStaffSession } from "#app/utils/session.server.ts";
import { readForm } from "#app/utils/request-input.server.ts";

// Sign-out is a POST (a link or an image could otherwise sign people out).
// CSRF-checked too: a forged cross-site POST must not sign a colleague out mid-call.
export async function action({ request }: ActionFunctionArgs) {
  requireCsrf(request, await readForm(request));
  // The session row is revoked, so a copy of the cookie (another tab, a stolen one) stops working too.
  throw redirect("/login", { headers: { "Set-Cookie": await endStaffSession(request) } });
}

export async function loader() {
  throw redirect("/staff");
}
