// A staff page's HTML as the server would write it: the route's real loader runs on a
// request carrying a staff session, then the route's component renders with that data
// (under a root route that provides the CSRF token, as app/root.tsx does).
import { createElement as h } from "react";
import { renderToString } from "react-dom/server";
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from "react-router-dom/server.js";

type RouteModule = { loader: (args: never) => unknown; action?: (args: never) => unknown; default: () => unknown };

/** Renders `module` at `path` (a /staff/... URL) for the session in `cookie`; returns the HTML or throws the loader's Response. */
export async function renderPage(module: RouteModule, path: string, cookie: string, actionBody?: URLSearchParams): Promise<string> {
  const routes = [
    {
      id: "root",
      path: "/",
      loader: () => ({ csrf: "test-csrf" }),
      children: [
        {
          id: "page",
          path: path.split("?")[0]!.slice(1),
          loader: ({ request, params }: { request: Request; params: unknown }) => module.loader({ request, params, context: {} } as never),
          action: module.action
            ? ({ request, params }: { request: Request; params: unknown }) => module.action!({ request, params, context: {} } as never)
            : undefined,
          Component: module.default as () => null,
        },
      ],
    },
  ];
  const handler = createStaticHandler(routes as never);
  const request = new Request(`http://localhost:3000${path}`, {
    method: actionBody ? "POST" : "GET",
    headers: { Cookie: cookie, ...(actionBody ? { "Content-Type": "application/x-www-form-urlencoded" } : {}) },
    body: actionBody,
  });
  const context = await handler.query(request);
  if (context instanceof Response) throw context;
  if (context.errors) {
    const error = Object.values(context.errors)[0];
    throw error instanceof Error ? error : new Error(`route error: ${JSON.stringify(error)}`);
  }
  const router = createStaticRouter(handler.dataRoutes, context);
  return renderToString(h(StaticRouterProvider, { router, context, hydrate: false }));
}

/** Text content without tags (entities of the few characters React escapes decoded). */
export function textOf(html: string): string {
  return html
    .replace(/<[^>]+>/g, " ")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/\s+/g, " ")
    .trim();
}
