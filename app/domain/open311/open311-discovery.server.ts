// The discovery document: where this GeoReport v2 endpoint lives, which formats it speaks and
// whom to ask for a key. Its changeset is the moment the list of services last changed shape
// (a client may cache services until it moves); here, the newest category's creation.
import { getDb } from "#app/utils/db.server.ts";
import { getEnv } from "#app/utils/env.server.ts";
import { t, type Lang } from "#app/utils/i18n.server.ts";
import { CONTENT_TYPES, list, w3cDate, type Open311Document } from "./open311-format.ts";

export const SPECIFICATION = "http://wiki.open311.org/GeoReport_v2";

export async function getOpen311Discovery(options: { origin: string; lang: Lang }): Promise<Open311Document> {
  const env = getEnv();
  const base = (env.PUBLIC_BASE_URL ?? options.origin).replace(/\/+$/, "");
  const newest = await getDb().category.findFirst({ orderBy: { createdAt: "desc" }, select: { createdAt: true } });
  const changeset = w3cDate(newest?.createdAt ?? new Date(0));
  return {
    root: "discovery",
    value: {
      changeset,
      contact: t(options.lang, "admin:open311.discoveryContact", { name: env.CITY_NAME, email: env.CITY_EMAIL, phone: env.CITY_PHONE }),
      key_service: t(options.lang, "admin:open311.keyService", { email: env.CITY_EMAIL }),
      endpoints: list("endpoint", [
        {
          specification: SPECIFICATION,
          url: `${base}/open311/v2`,
          changeset,
          type: "production",
          formats: list("format", [CONTENT_TYPES.xml.split(";")[0]!, CONTENT_TYPES.json.split(";")[0]!]),
        },
      ]),
    },
  };
}
