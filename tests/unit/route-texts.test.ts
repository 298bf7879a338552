// Every page declares the namespaces of texts it reads (docs/decisions/011): the server puts
// them into the page's HTML, and a client-side navigation fetches them before the page
// shows. Only a page's own clientLoader runs when a navigation enters it, so a page
// declares its layout's namespaces too (a layout's handle serves its full loads).
import path from "node:path";
import { describe, expect, test } from "vitest";
import { NAMESPACES } from "#app/utils/i18n.ts";

type RouteModule = { default?: unknown; handle?: { i18n?: unknown }; clientLoader?: unknown };
const modules = import.meta.glob<RouteModule>("../../app/routes/**/*.tsx", { eager: true });
const pages = Object.entries(modules)
  .filter(([, m]) => typeof m.default === "function")
  .map(([file, m]) => ({ id: path.relative("../../app/routes", file).replace(/\.tsx$/, ""), module: m }));
const isLayout = (id: string) => path.basename(id) === "_layout";
const layoutOf = (id: string) => pages.find((p) => isLayout(p.id) && p.id !== id && path.dirname(p.id) === path.dirname(id));

describe("texts of each page", () => {
  test("there are pages to check", () => {
    expect(pages.map((p) => p.id)).toEqual(expect.arrayContaining(["report", "track.$token", "staff+/inbox", "admin+/_index"]));
  });

  test.each(pages.map((p) => [p.id, p.module] as const))("%s declares its namespaces", (id, module) => {
    const declared = module.handle?.i18n;
    expect(Array.isArray(declared), `${id}: export const handle: PageHandle = { i18n: [...] }`).toBe(true);
    for (const ns of declared as unknown[]) expect(NAMESPACES).toContain(ns);
    if (isLayout(id)) return;
    expect(typeof module.clientLoader, `${id}: export const clientLoader = loadPageTexts(handle)`).toBe("function");
    const layout = layoutOf(id);
    if (layout) expect(declared).toEqual(expect.arrayContaining(layout.module.handle?.i18n as unknown[]));
  });
});
