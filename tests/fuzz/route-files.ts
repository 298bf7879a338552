// The staff and admin route modules as they are on disk (so routes added later are covered),
// and what their source says they read: intents, form fields, query parameters, URL params.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

const ROOT = path.resolve("app/routes");

function walk(dir: string): string[] {
  let out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out = out.concat(walk(full));
    else if (/\.(ts|tsx)$/.test(name) && !/\.(test|spec)\.tsx?$/.test(name)) out.push(full);
  }
  return out;
}

export type RouteFile = {
  /** e.g. "staff+/requests.$id.tsx" */
  file: string;
  /** e.g. "/staff/requests/$id" */
  pattern: string;
  /** URL params, e.g. ["id"] */
  params: string[];
  intents: string[];
  fields: string[];
  query: string[];
  load: () => Promise<{ loader?: Function; action?: Function }>;
};

function unique(xs: string[]) {
  return [...new Set(xs)].sort();
}

/** Every route module under staff+ and admin+ (not *.server.* helpers, not "+"-prefixed colocated files). */
export function staffRouteFiles(): RouteFile[] {
  return [...walk(path.join(ROOT, "staff+")), ...walk(path.join(ROOT, "admin+"))]
    .filter(
      (f) =>
        !/\.server\.tsx?$/.test(f) &&
        !path
          .relative(ROOT, f)
          .split(path.sep)
          .slice(1)
          .some((part) => part.startsWith("+")),
    )
    .sort()
    .map((full) => {
      const file = path.relative(ROOT, full).split(path.sep).join("/");
      const segments = file
        .replace(/\.(ts|tsx)$/, "")
        .replace(/\/route$/, "")
        .split(/[/.]/)
        .filter((s) => s && s !== "_index" && !s.startsWith("_") && !s.startsWith("("))
        .map((s) => s.replace(/\+$/, "").replace(/_$/, ""));
      const source = readFileSync(full, "utf8");
      const helpers = source.includes("parseInboxQuery") ? readFileSync(path.resolve("app/domain/inbox/inbox-filters.ts"), "utf8") : "";
      const intents = unique([
        ...[...source.matchAll(/intent: z\.literal\("([^"]+)"\)/g)].map((m) => m[1]!),
        ...[...source.matchAll(/intentOf\(form, \[([^\]]+)\]/g)].flatMap((m) => [...m[1]!.matchAll(/"([^"]+)"/g)].map((x) => x[1]!)),
      ]);
      const fields = unique([
        ...[...source.matchAll(/(?:text|num|checked|s)\((?:form, )?"(\w+)"\)/g)].map((m) => m[1]!),
        ...[...source.matchAll(/form\.get(?:All)?\("(\w+)"\)/g)].map((m) => m[1]!),
        ...[...source.matchAll(/^\s+(\w+): (?:z\.|text\(|RESULT)/gm)].map((m) => m[1]!),
        ...[...source.matchAll(/z\.object\(\{ intent: z\.literal\("[^"]+"\),([^}]*)\}/g)].flatMap((m) => [...m[1]!.matchAll(/(\w+): /g)].map((x) => x[1]!)),
      ]).filter((f) => f !== "intent" && f !== "csrf");
      const query = unique([
        ...[...(source + helpers).matchAll(/(?:search|searchParams|params|\))\.get\("(\w+)"\)/g)].map((m) => m[1]!),
        ...(helpers ? [...helpers.matchAll(/^\s+(\w+): (?:z\.|uuid|flag)/gm)].map((m) => m[1]!) : []),
      ]);
      return {
        file,
        pattern: "/" + segments.join("/"),
        params: segments.filter((s) => s.startsWith("$")).map((s) => s.slice(1)),
        intents,
        fields,
        query,
        load: () => import(/* @vite-ignore */ full),
      };
    });
}

/** The URL of `route` with its params filled in. */
export function urlOf(route: RouteFile, params: Record<string, string>, base = "http://localhost:3000") {
  return base + route.pattern.replace(/\$(\w+)/g, (_m, name: string) => encodeURIComponent((params[name] ?? "").replace(/[\uD800-\uDFFF]/g, "")));
}
