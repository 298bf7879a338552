// The iGov hand-off adapter: catalogue, deep link with the place pre-selected, status
// tracking and mapping. No submission: iGov takes API submissions only with server
// credentials from the portal operator, which the city does not have.
import { createIgovClient, type IgovClient } from "./client.ts";
import { IgovError } from "./errors.ts";
import { checkOrderId } from "./luhn.ts";
import { IgovCategorySchema, IgovServiceSchema, IgovSubcategorySchema } from "./schemas.ts";
import { IGOV_STATUS_IDS, mapIgovStatus } from "./status.ts";

export type IgovAdapterConfig = {
  baseUrl: string;
  /** KOATUU of the region and the city (Donetsk oblast 1400000000, Sloviansk 1414100000). */
  placeRegion: string;
  placeCity: string;
  timeoutMs?: number;
};

export type IgovCatalogueEntry = {
  externalId: string;
  nameUk: string;
  link: string;
  categoryName: string;
  subcategoryName: string;
};

export function igovServiceLink(options: { baseUrl: string; nID: string | number; placeRegion: string; placeCity: string }) {
  const base = options.baseUrl.replace(/\/+$/, "");
  // Place codes only: the portal fills the form from the citizen's own login, never from the URL.
  const query = new URLSearchParams({ sID_UA_Region: options.placeRegion, sID_UA_City: options.placeCity });
  return `${base}/service/${encodeURIComponent(String(options.nID))}/general?${query}`;
}

export function createIgovAdapter(config: IgovAdapterConfig, client: IgovClient = createIgovClient(config)) {
  return {
    provider: "IGOV" as const,
    capabilities: { catalogue: true, handoffLink: true, submission: false, statusTracking: true, statusMapping: true },

    /** The city's services; `problems` lists entries that could not be read (a partial answer). */
    async fetchCatalogue(): Promise<{ entries: IgovCatalogueEntry[]; problems: string[] }> {
      const raw = await client.getCatalog({ placeUa: config.placeCity });
      const entries: IgovCatalogueEntry[] = [];
      const problems: string[] = [];
      const seen = new Set<string>();
      raw.forEach((c, ci) => {
        const cat = IgovCategorySchema.safeParse(c);
        if (!cat.success) return void problems.push(`category[${ci}]`);
        cat.data.aSubcategory.forEach((s, si) => {
          const sub = IgovSubcategorySchema.safeParse(s);
          if (!sub.success) return void problems.push(`category ${cat.data.nID} subcategory[${si}]`);
          sub.data.aService.forEach((v, vi) => {
            const svc = IgovServiceSchema.safeParse(v);
            if (!svc.success) return void problems.push(`subcategory ${sub.data.nID} service[${vi}]`);
            const externalId = String(svc.data.nID);
            if (seen.has(externalId)) return; // one service may sit in several subcategories
            seen.add(externalId);
            entries.push({
              externalId,
              nameUk: svc.data.sName.trim(),
              link: igovServiceLink({ ...config, nID: externalId }),
              categoryName: cat.data.sName,
              subcategoryName: sub.data.sName,
            });
          });
        });
      });
      return { entries, problems };
    },

    handoffLink(options: { externalId: string; storedLink?: string | null }): string {
      return igovServiceLink({ ...config, nID: options.externalId });
    },

    checkOrderId,

    /** The order's current status; "Record not found" comes back as state NOT_FOUND, not an error. */
    async fetchOrderStatus(options: { orderId: string }) {
      try {
        const order = await client.searchOrder({ orderId: options.orderId });
        return {
          found: true as const,
          code: String(order.nID_StatusType),
          codeName: order.sID_StatusType ?? IGOV_STATUS_IDS[order.nID_StatusType] ?? null,
          label: order.sName_UA_StatusType ?? null,
          state: mapIgovStatus(order.nID_StatusType),
          closedAt: order.sDateClose ?? null,
        };
      } catch (e) {
        if (e instanceof IgovError && e.kind === "not-found") return { found: false as const };
        throw e;
      }
    },

    /** Our page where the citizen can see the order on iGov (no token: they log in there). */
    orderStatusLink(options: { orderId: string }) {
      return `${config.baseUrl.replace(/\/+$/, "")}/order/search?${new URLSearchParams({ sID_Order: options.orderId })}`;
    },
  };
}

export type IgovAdapter = ReturnType<typeof createIgovAdapter>;
