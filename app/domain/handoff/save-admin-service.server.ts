import { z } from "zod";
import { isAllowedDiiaLink } from "#integrations/diia/index.ts";
import { getDb } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { parseInput } from "#app/utils/parse-input.ts";

const optional = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((v) => (v ? v : null));

export const AdminServiceInputSchema = z.object({
  // iGov services come from its catalogue only.
  provider: z.enum(["DIIA", "CNAP", "MANUAL"]),
  externalId: z.string().trim().min(1).max(100),
  nameUk: z.string().trim().min(2).max(300),
  nameEn: optional(300),
  link: optional(1000),
  detailsUk: optional(3000),
  detailsEn: optional(3000),
  active: z.boolean().default(true),
});

// A hand-off link is sent to citizens as is: it may name a service, never a person.
const PERSONAL_HINT = /(@|\+?380\d{9}|\b\d{10}\b|phone|email|name|token|rnokpp|ipn)/i;

/** Enters or updates a Diia / ЦНАП / manual service (admins; iGov's come from the catalogue sync). */
export async function saveAdminService(input: z.input<typeof AdminServiceInputSchema>) {
  const d = parseInput(AdminServiceInputSchema, input);
  if (d.link) {
    let url: URL;
    try {
      url = new URL(d.link);
    } catch {
      throw new AppError("VALIDATION", "errors:service.linkInvalid", { field: "link" });
    }
    if (url.protocol !== "https:") throw new AppError("VALIDATION", "errors:service.linkNotHttps", { field: "link" });
    if (PERSONAL_HINT.test(url.search + url.hash)) throw new AppError("VALIDATION", "errors:service.linkPersonal", { field: "link" });
    if (d.provider === "DIIA" && !isAllowedDiiaLink(d.link)) throw new AppError("VALIDATION", "errors:service.diiaHost", { field: "link" });
  }
  if (d.provider === "DIIA" && !d.link) throw new AppError("VALIDATION", "errors:service.diiaLinkRequired", { field: "link" });
  const { provider, externalId, ...rest } = d;
  return getDb().adminService.upsert({
    where: { provider_externalId: { provider, externalId } },
    create: { provider, externalId, ...rest },
    update: { ...rest, lastSeenAt: new Date() },
    select: { id: true, provider: true, externalId: true },
  });
}
