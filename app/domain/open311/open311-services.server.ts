// Open311 services are our categories a citizen can file under: every active category without
// active subcategories, except administrative services (those are handed off to iGov, Diia or
// the ЦНАП, not filed as problems). A service's code is the category's Open311 code when it has
// one, otherwise its own code. A category's extra questions are the service's attributes.
import { ExtraQuestionSchema } from "#app/domain/categories/category-questions.ts";
import { getDb } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import type { Lang } from "#app/utils/i18n.server.ts";
import { list, type Open311Document } from "./open311-format.ts";

export const DATATYPES = ["string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"] as const;
export type Datatype = (typeof DATATYPES)[number];

export type Attribute = {
  code: string;
  /** false: a notice to read, not a question. */
  variable: boolean;
  datatype: Datatype;
  required: boolean;
  order: number;
  description: string;
  values: { key: string; name: string }[];
};

export type Service = {
  categoryId: string;
  categoryCode: string;
  serviceCode: string;
  name: string;
  group: string | null;
  keywords: string[];
  attributes: Attribute[];
  /** false: the city must be able to answer, so a phone or e-mail is required. */
  allowsAnonymous: boolean;
};

const categorySelect = {
  id: true,
  code: true,
  open311Code: true,
  nameUk: true,
  nameEn: true,
  synonyms: true,
  extraQuestions: true,
  allowsAnonymous: true,
  sortOrder: true,
  parent: { select: { nameUk: true, nameEn: true, sortOrder: true } },
  _count: { select: { children: { where: { active: true } } } },
} as const;

const serviceWhere = { active: true, isAdminService: false, children: { none: { active: true } } } as const;

export const serviceCodeOf = (c: { code: string; open311Code: string | null }) => c.open311Code ?? c.code;

function attributesOf(raw: unknown, lang: Lang): Attribute[] {
  const items = Array.isArray(raw) ? raw : [];
  const pick = (uk: string, en?: string) => (lang === "en" && en ? en : uk);
  return items
    .flatMap((item) => {
      const r = ExtraQuestionSchema.safeParse(item);
      return r.success ? [r.data] : [];
    })
    .sort((a, b) => a.order - b.order)
    .map((q) => ({
      code: q.code,
      variable: q.variable !== false,
      datatype: (DATATYPES as readonly string[]).includes(q.datatype) ? (q.datatype as Datatype) : "string",
      required: q.variable !== false && q.required,
      order: q.order,
      description: pick(q.descriptionUk, q.descriptionEn),
      values: (q.values ?? []).map((v) => ({ key: v.key, name: pick(v.nameUk, v.nameEn) })),
    }));
}

type Row = {
  id: string;
  code: string;
  open311Code: string | null;
  nameUk: string;
  nameEn: string;
  synonyms: string[];
  extraQuestions: unknown;
  allowsAnonymous: boolean;
  parent: { nameUk: string; nameEn: string } | null;
};

function toService(c: Row, lang: Lang): Service {
  const name = (n: { nameUk: string; nameEn: string }) => (lang === "en" ? n.nameEn || n.nameUk : n.nameUk);
  return {
    categoryId: c.id,
    categoryCode: c.code,
    serviceCode: serviceCodeOf(c),
    name: name(c),
    group: c.parent ? name(c.parent) : null,
    keywords: c.synonyms,
    attributes: attributesOf(c.extraQuestions, lang),
    allowsAnonymous: c.allowsAnonymous,
  };
}

export async function listServices(options: { lang: Lang }): Promise<Service[]> {
  const rows = await getDb().category.findMany({ where: serviceWhere, select: categorySelect });
  rows.sort((a, b) => (a.parent?.sortOrder ?? a.sortOrder) - (b.parent?.sortOrder ?? b.sortOrder) || a.sortOrder - b.sortOrder || a.code.localeCompare(b.code));
  return rows.map((r) => toService(r, options.lang));
}

/** The service with this code; NOT_FOUND (the spec's 404) for an unknown or retired one. */
export async function getService(options: { serviceCode: string; lang: Lang }): Promise<Service> {
  const code = options.serviceCode.trim();
  const rows = code
    ? await getDb().category.findMany({ where: { ...serviceWhere, OR: [{ open311Code: code }, { code, open311Code: null }] }, select: categorySelect, take: 2 })
    : [];
  // A category's own code answers only when it has no Open311 code of its own.
  const row = rows.find((r) => r.open311Code === code) ?? rows[0];
  if (!row) throw new AppError("NOT_FOUND", "errors:open311.unknownService", { field: "service_code", params: { code: code.slice(0, 100) } });
  return toService(row, options.lang);
}

export function servicesDocument(services: Service[]): Open311Document {
  return {
    root: "services",
    value: list(
      "service",
      services.map((s) => ({
        service_code: s.serviceCode,
        service_name: s.name,
        description: s.group ? `${s.group}: ${s.name}` : s.name,
        metadata: s.attributes.length > 0,
        type: "realtime",
        keywords: s.keywords.join(", "),
        group: s.group,
      })),
    ),
  };
}

export function serviceDefinitionDocument(s: Service): Open311Document {
  return {
    root: "service_definition",
    value: {
      service_code: s.serviceCode,
      attributes: list(
        "attribute",
        s.attributes.map((a) => ({
          variable: a.variable,
          code: a.code,
          datatype: a.datatype,
          required: a.required,
          datatype_description: null,
          order: a.order,
          description: a.description,
          values: list(
            "value",
            a.values.map((v) => ({ key: v.key, name: v.name })),
          ),
        })),
      ),
    },
  };
}
