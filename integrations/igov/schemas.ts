// Wire format of iGov's public portal routes (field names from the portal's open-source
// code, e-government-ua/i). Unknown fields pass through; only what we read is checked.
import { z } from "zod";

const id = z.coerce.number().int();

export const IgovServiceSchema = z.looseObject({
  nID: id,
  sName: z.string().min(1),
  nOrder: z.number().optional(),
  nSub: z.number().optional(),
  nStatus: z.number().optional(),
});

export const IgovSubcategorySchema = z.looseObject({
  nID: id,
  sName: z.string(),
  sID: z.string().optional(),
  aService: z.array(z.unknown()).default([]),
});

export const IgovCategorySchema = z.looseObject({
  nID: id,
  sName: z.string(),
  sID: z.string().optional(),
  aSubcategory: z.array(z.unknown()).default([]),
});

/** GET /api/catalog?sFind=&asIDPlaceUA=&bShowEmptyFolders=false → Category[] */
export const IgovCatalogSchema = z.array(IgovCategorySchema);

export const IgovPlaceSchema = z.looseObject({ nID: id, sName: z.string(), sID_UA: z.string().optional() });
export const IgovRegionsSchema = z.array(IgovPlaceSchema);

export const IgovServiceDataSchema = z.looseObject({
  nID: id.optional(),
  nID_ServiceType: z.looseObject({ nID: id }).or(id).optional(),
  oPlace: IgovPlaceSchema.nullable().optional(),
  oPlaceRoot: IgovPlaceSchema.nullable().optional(),
  sURL: z.string().nullable().optional(),
});

/** GET /api/service?nID= */
export const IgovServiceDetailSchema = z.looseObject({
  nID: id,
  sName: z.string(),
  sInfo: z.string().nullable().optional(),
  sFAQ: z.string().nullable().optional(),
  sLaw: z.string().nullable().optional(),
  aServiceData: z.array(IgovServiceDataSchema).default([]),
});

/** GET /api/order/search/{sID_Order}?sToken= — the order's history event. */
export const IgovOrderSchema = z.looseObject({
  sID_Order: z.string(),
  nID_Service: id.nullable().optional(),
  sID_UA: z.string().nullable().optional(),
  nID_StatusType: id,
  sID_StatusType: z.string().nullable().optional(),
  sName_UA_StatusType: z.string().nullable().optional(),
  sDateCreate: z.string().nullable().optional(),
  sDateClose: z.string().nullable().optional(),
  sHead: z.string().nullable().optional(),
  // Personal fields: null without the owner's token; we never ask for them.
  sToken: z.string().nullable().optional(),
  soData: z.unknown().optional(),
  sBody: z.string().nullable().optional(),
});

export type IgovService = z.infer<typeof IgovServiceSchema>;
export type IgovCategory = z.infer<typeof IgovCategorySchema>;
export type IgovOrder = z.infer<typeof IgovOrderSchema>;
export type IgovServiceDetail = z.infer<typeof IgovServiceDetailSchema>;
