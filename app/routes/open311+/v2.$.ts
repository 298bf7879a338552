// /open311/v2/* — the Open311 GeoReport v2 server: discovery, services, service definitions,
// requests (GET a list, GET one as a list of one, POST with an api_key), tokens and the updates
// feed (servicerequestupdates, with an api_key), each as .xml or .json (docs/open311.md).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { handleOpen311 } from "./open311-route.server.ts";

export async function loader({ request, params }: LoaderFunctionArgs) {
  return handleOpen311(request, params["*"] ?? "");
}

export async function action({ request, params }: ActionFunctionArgs) {
  return handleOpen311(request, params["*"] ?? "");
}
