// A small typed client of iGov's public portal routes over fetch. Config is passed in
// (this folder imports nothing from app/). No route here needs a login or personal data.
import { z } from "zod";
import { classifyIgovError, IgovError } from "./errors.ts";
import { IgovCatalogSchema, IgovOrderSchema, IgovRegionsSchema, IgovServiceDetailSchema, type IgovOrder, type IgovServiceDetail } from "./schemas.ts";

export type IgovClientConfig = {
  /** e.g. https://igov.org.ua */
  baseUrl: string;
  timeoutMs?: number;
};

export type IgovClient = {
  getCatalog(options: { placeUa: string; find?: string }): Promise<unknown[]>;
  getService(options: { nID: number }): Promise<IgovServiceDetail>;
  getRegions(): Promise<z.infer<typeof IgovRegionsSchema>>;
  getCities(options: { regionId: number; find?: string }): Promise<z.infer<typeof IgovRegionsSchema>>;
  searchOrder(options: { orderId: string }): Promise<IgovOrder>;
};

export function createIgovClient(config: IgovClientConfig): IgovClient {
  const base = config.baseUrl.replace(/\/+$/, "");
  const timeoutMs = config.timeoutMs ?? 15_000;

  async function get<T>(route: string, path: string, schema: z.ZodType<T>): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${base}${path}`, { headers: { accept: "application/json" }, signal: AbortSignal.timeout(timeoutMs) });
    } catch (e) {
      throw new IgovError({ kind: "unavailable", route, detail: (e as Error).name });
    }
    const raw = await res.text();
    let body: unknown = raw;
    try {
      body = raw ? JSON.parse(raw) : null;
    } catch {
      // iGov answers some errors as plain text.
    }
    if (!res.ok) throw classifyIgovError({ route, status: res.status, body });
    const parsed = schema.safeParse(body);
    if (!parsed.success) throw new IgovError({ kind: "bad-answer", route, status: res.status, detail: parsed.error.issues[0]?.message });
    return parsed.data;
  }

  return {
    getCatalog: ({ placeUa, find = "" }) =>
      get(
        "catalog",
        `/api/catalog?${new URLSearchParams({ sFind: find, asIDPlaceUA: placeUa, bShowEmptyFolders: "false" })}`,
        // Entries are checked one by one by the caller, so a single bad one does not hide the rest.
        z.array(z.unknown()),
      ),
    getService: ({ nID }) => get("service", `/api/service?${new URLSearchParams({ nID: String(nID) })}`, IgovServiceDetailSchema),
    getRegions: () => get("regions", "/api/places/regions", IgovRegionsSchema),
    getCities: ({ regionId, find = "" }) => get("cities", `/api/places/region/${regionId}/cities?${new URLSearchParams({ sFind: find })}`, IgovRegionsSchema),
    // Without the owner's sToken the personal fields come back null, which is all we want.
    searchOrder: ({ orderId }) => get("order", `/api/order/search/${encodeURIComponent(orderId)}?sToken=`, IgovOrderSchema),
  };
}

export { IgovCatalogSchema };
