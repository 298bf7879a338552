// Every loader and action under /staff and /admin must send a signed-out visitor to /login.
// Imports whatever route modules exist now, so it also guards routes added later.
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { csrfPairForTests } from "#app/utils/csrf.server.ts";
import { closeThrottle } from "#app/utils/throttle.server.ts";

const ROOT = path.resolve("app/routes");
const BASE = "http://localhost:3000";
const DUMMY_ID = "00000000-0000-4000-8000-000000000000";

function walk(dir: string): string[] {
  let out: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of entries) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out = out.concat(walk(full));
    else if (/\.(ts|tsx)$/.test(name) && !/\.(test|spec)\.tsx?$/.test(name)) out.push(full);
  }
  return out;
}

const files = [...walk(path.join(ROOT, "staff+")), ...walk(path.join(ROOT, "admin+"))]
  // Not routes: *.server.* helpers (ignored by flat-routes in vite.config.ts) and "+"-prefixed colocated files.
  .filter(
    (f) =>
      !/\.server\.tsx?$/.test(f) &&
      !path
        .relative(ROOT, f)
        .split(path.sep)
        .slice(1)
        .some((part) => part.startsWith("+")),
  )
  .map((f) => path.relative(process.cwd(), f));

// A URL shaped like the route (params filled with a dummy id), so the loader sees a real path.
function urlFor(file: string) {
  const rel = path
    .relative("app/routes", file)
    .replace(/\.(ts|tsx)$/, "")
    .replace(/\/route$/, "");
  const segments = rel
    .split(/[/.]/)
    .filter((s) => s && s !== "_index" && !s.startsWith("_") && !s.startsWith("("))
    .map((s) => s.replace(/\+$/, ""))
    .map((s) => (s.startsWith("$") ? DUMMY_ID : s));
  return `${BASE}/${segments.join("/")}`;
}

const params = new Proxy({} as Record<string, string>, { get: (_t, key) => (typeof key === "string" ? DUMMY_ID : undefined) });

async function outcome(run: () => unknown): Promise<{ status: number; location: string | null } | "returned-data"> {
  try {
    const result = await run();
    if (result instanceof Response) return { status: result.status, location: result.headers.get("Location") };
    return "returned-data";
  } catch (e) {
    if (e instanceof Response) return { status: e.status, location: e.headers.get("Location") };
    throw e;
  }
}

afterAll(() => closeThrottle());

describe("staff and admin routes refuse a signed-out visitor", () => {
  it("finds the route modules", () => {
    expect(files.length).toBeGreaterThan(0);
  });

  for (const file of files) {
    it(`${file}: loader and action redirect to /login`, async () => {
      const mod = (await import(/* @vite-ignore */ path.resolve(file))) as { loader?: Function; action?: Function };
      if (!mod.loader && !mod.action) return;
      const url = urlFor(file);
      if (mod.loader) {
        const result = await outcome(() => mod.loader!({ request: new Request(url), params, context: {} }));
        expect(result, `${file} loader`).not.toBe("returned-data");
        if (result !== "returned-data") {
          expect(result.status, `${file} loader`).toBe(302);
          expect(new URL(result.location!, BASE).pathname, `${file} loader`).toBe("/login");
        }
      }
      if (mod.action) {
        const csrf = csrfPairForTests();
        const request = new Request(url, {
          method: "POST",
          headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: csrf.cookie },
          body: new URLSearchParams({ csrf: csrf.field, intent: "x" }),
        });
        const result = await outcome(() => mod.action!({ request, params, context: {} }));
        expect(result, `${file} action`).not.toBe("returned-data");
        if (result !== "returned-data") {
          expect(result.status, `${file} action`).toBe(302);
          expect(new URL(result.location!, BASE).pathname, `${file} action`).toBe("/login");
        }
      }
    });
  }
});
