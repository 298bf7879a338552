import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { destroySession, getSession } from "#app/utils/session.server.ts";

// Sign-out is a POST (a link or an image could otherwise sign people out).
export async function action({ request }: ActionFunctionArgs) {
  const session = await getSession(request);
  throw redirect("/login", { headers: { "Set-Cookie": await destroySession(session) } });
}

export async function loader() {
  throw redirect("/staff");
}
