import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { requireCsrf } from "#app/utils/csrf.server.ts";
import { destroySession, getSession } from "#app/utils/session.server.ts";

// Sign-out is a POST (a link or an image could otherwise sign people out).
// CSRF-checked too: a forged cross-site POST must not sign a colleague out mid-call.
export async function action({ request }: ActionFunctionArgs) {
  requireCsrf(request, await request.formData());
  const session = await getSession(request);
  throw redirect("/login", { headers: { "Set-Cookie": await destroySession(session) } });
}

export async function loader() {
  throw redirect("/staff");
}
