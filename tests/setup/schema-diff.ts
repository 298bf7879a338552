// Compares a live Postgres database with what prisma/schema.prisma implies, using the DMMF
// from @prisma/prisma-schema-wasm and Prisma's own Postgres mappings and naming rules.
// Our migrations are hand-run SQL (docs/decisions/001-migrations-without-schema-engine.md),
// so this is what keeps them and the schema in step.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import pg from "pg";

// ───────────────────────────── DMMF (the part we read) ─────────────────────────────

type DmmfDefault = { name: string; args: unknown[] } | string | number | boolean | unknown[];

export type DmmfField = {
  name: string;
  dbName?: string | null;
  kind: "scalar" | "enum" | "object" | "unsupported";
  type: string;
  isList: boolean;
  isRequired: boolean;
  isUpdatedAt: boolean;
  hasDefaultValue: boolean;
  default?: DmmfDefault;
  nativeType?: [string, string[]] | null;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string | null;
};

export type DmmfModel = { name: string; dbName: string | null; fields: DmmfField[] };
export type DmmfEnum = { name: string; dbName?: string | null; values: { name: string; dbName: string | null }[] };
export type DmmfIndex = {
  model: string;
  type: "id" | "unique" | "normal" | "fulltext";
  dbName?: string;
  algorithm?: string;
  fields: { name: string; sortOrder?: "asc" | "desc"; operatorClass?: string }[];
};
export type Dmmf = { datamodel: { models: DmmfModel[]; enums: DmmfEnum[]; indexes: DmmfIndex[] } };

const SCHEMA_PATH = new URL("../../prisma/schema.prisma", import.meta.url);

/** DMMF of a schema text (default: prisma/schema.prisma). */
export function readDmmf(options: { prismaSchema?: string } = {}): Dmmf {
  const prismaSchema = options.prismaSchema ?? readFileSync(SCHEMA_PATH, "utf8");
  // The wasm package is CommonJS; createRequire keeps it out of Vite's transform.
  const wasm = createRequire(import.meta.url)("@prisma/prisma-schema-wasm") as { get_dmmf: (params: string) => string };
  return JSON.parse(wasm.get_dmmf(JSON.stringify({ prismaSchema }))) as Dmmf;
}

export function readSchemaText() {
  return readFileSync(SCHEMA_PATH, "utf8");
}

// ───────────────────────────── expected (from the DMMF) ─────────────────────────────

type Column = { type: string; notNull: boolean; defaultExpr: string | null };
type Index = {
  name: string;
  table: string;
  columns: string[];
  unique: boolean;
  primary: boolean;
  method: string;
  desc: boolean[];
  opclasses: (string | null)[];
};
type ForeignKey = { table: string; columns: string[]; refTable: string; refColumns: string[]; onDelete: string };
type Shape = {
  enums: Map<string, string[]>;
  tables: Map<string, Map<string, Column>>;
  indexes: Map<string, Index>;
  foreignKeys: Map<string, ForeignKey>;
};
/** Expected default: a normalised literal, "*" when only its presence can be checked, null for none. */
type ExpectedColumn = Omit<Column, "defaultExpr"> & { defaultExpr: string | null };

const SCALAR_TYPES: Record<string, string> = {
  String: "text",
  Int: "integer",
  BigInt: "bigint",
  Float: "double precision",
  Decimal: "numeric(65,30)",
  Boolean: "boolean",
  DateTime: "timestamp(3) without time zone",
  Json: "jsonb",
  Bytes: "bytea",
};

function nativeTypeName(native: [string, string[]]): string {
  const [name, args] = native;
  const a = args.join(",");
  const withArgs = (base: string) => (args.length ? `${base}(${a})` : base);
  switch (name) {
    case "Uuid":
      return "uuid";
    case "Text":
      return "text";
    case "VarChar":
      return withArgs("character varying");
    case "Char":
      return withArgs("character");
    case "Integer":
      return "integer";
    case "SmallInt":
      return "smallint";
    case "BigInt":
      return "bigint";
    case "Oid":
      return "oid";
    case "DoublePrecision":
      return "double precision";
    case "Real":
      return "real";
    case "Decimal":
      return withArgs("numeric");
    case "Money":
      return "money";
    case "Boolean":
      return "boolean";
    case "Date":
      return "date";
    case "Timestamp":
      return `timestamp(${args[0] ?? 6}) without time zone`;
    case "Timestamptz":
      return `timestamp(${args[0] ?? 6}) with time zone`;
    case "Time":
      return `time(${args[0] ?? 6}) without time zone`;
    case "Timetz":
      return `time(${args[0] ?? 6}) with time zone`;
    case "Json":
      return "json";
    case "JsonB":
      return "jsonb";
    case "Xml":
      return "xml";
    case "Inet":
      return "inet";
    case "Citext":
      return "citext";
    case "ByteA":
      return "bytea";
    case "Bit":
      return withArgs("bit");
    case "VarBit":
      return withArgs("bit varying");
    default:
      return `unsupported native type @db.${name}`;
  }
}

/** Prisma's default constraint/index names: <table>_<cols>_<suffix>, cut to Postgres' 63 bytes. */
function prismaName(table: string, columns: string[], suffix: "pkey" | "key" | "idx" | "fkey") {
  if (suffix === "pkey") return `${table}_pkey`;
  let joined = `${table}_${columns.join("_")}`;
  if (joined.length >= 63 - 5) joined = joined.slice(0, 63 - 5);
  return `${joined}_${suffix}`;
}

function sqlLiteral(value: unknown): string {
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return typeof value === "string" ? value : JSON.stringify(value);
}

function expectedDefault(field: DmmfField, table: string, column: string): string | null {
  if (!field.hasDefaultValue || field.default === undefined) return null;
  const d = field.default;
  if (Array.isArray(d)) {
    const items = d.map((v) => (typeof v === "string" ? `'${v.replaceAll("'", "''")}'` : String(v)));
    return `ARRAY[${items.join(", ")}]`;
  }
  if (d !== null && typeof d === "object") {
    switch (d.name) {
      case "now":
        return "CURRENT_TIMESTAMP";
      case "autoincrement":
        return `nextval('"${table}_${column}_seq"')`;
      case "dbgenerated":
        return d.args.length ? String(d.args[0]) : "*";
      // Generated by the client, not the database.
      case "uuid":
      case "cuid":
      case "nanoid":
      case "ulid":
        return null;
      default:
        return "*";
    }
  }
  return sqlLiteral(d);
}

/** Strips type casts and the quotes of a lone literal, so `'uk'::text` and `uk` compare equal. */
export function normaliseDefault(expr: string): string {
  let e = expr.replace(/::(?:"[^"]+"|[a-z_][a-z0-9_ ]*(?:\(\d+(?:,\s*\d+)?\))?)(?:\[\])?/gi, "").trim();
  const m = /^'((?:[^']|'')*)'$/s.exec(e);
  if (m) e = m[1]!.replaceAll("''", "'");
  return e.replace(/^\((.*)\)$/s, "$1");
}

function expectedShape(dmmf: Dmmf): { shape: Shape; columns: Map<string, Map<string, ExpectedColumn>>; problems: string[] } {
  const problems: string[] = [];
  const { models, enums, indexes: dmmfIndexes } = dmmf.datamodel;
  const enumDbName = new Map(enums.map((e) => [e.name, e.dbName ?? e.name]));
  const tableOf = new Map(models.map((m) => [m.name, m.dbName ?? m.name]));
  const columnOf = (model: DmmfModel, fieldName: string) => {
    const f = model.fields.find((x) => x.name === fieldName);
    return f?.dbName ?? fieldName;
  };

  const shape: Shape = { enums: new Map(), tables: new Map(), indexes: new Map(), foreignKeys: new Map() };
  for (const e of enums)
    shape.enums.set(
      e.dbName ?? e.name,
      e.values.map((v) => v.dbName ?? v.name),
    );

  const columns = new Map<string, Map<string, ExpectedColumn>>();
  for (const model of models) {
    const table = tableOf.get(model.name)!;
    const cols = new Map<string, ExpectedColumn>();
    for (const f of model.fields) {
      if (f.kind === "object") continue;
      const column = f.dbName ?? f.name;
      let type: string;
      if (f.kind === "enum") type = enumDbName.get(f.type) ?? f.type;
      else if (f.nativeType) type = nativeTypeName(f.nativeType);
      else type = SCALAR_TYPES[f.type] ?? `unsupported Prisma type ${f.type}`;
      if (f.isList) type += "[]";
      // Prisma leaves list columns nullable in Postgres (it reads NULL as an empty list).
      cols.set(column, { type, notNull: f.isRequired && !f.isList, defaultExpr: expectedDefault(f, table, column) });
    }
    columns.set(table, cols);

    for (const f of model.fields) {
      if (f.kind !== "object" || !f.relationFromFields?.length) continue;
      const fromCols = f.relationFromFields.map((n) => columnOf(model, n));
      const target = models.find((m) => m.name === f.type)!;
      const anyRequired = f.relationFromFields.some((n) => model.fields.find((x) => x.name === n)?.isRequired);
      const onDelete = f.relationOnDelete ?? (anyRequired ? "Restrict" : "SetNull");
      shape.foreignKeys.set(`${table}(${fromCols.join(",")})`, {
        table,
        columns: fromCols,
        refTable: tableOf.get(target.name)!,
        refColumns: (f.relationToFields ?? []).map((n) => columnOf(target, n)),
        onDelete: onDelete.replace(/([a-z])([A-Z])/g, "$1 $2").toUpperCase(),
      });
    }
  }

  for (const ix of dmmfIndexes) {
    const model = models.find((m) => m.name === ix.model)!;
    const table = tableOf.get(ix.model)!;
    if (ix.type === "fulltext") {
      problems.push(`${table}: @@fulltext is not supported on PostgreSQL`);
      continue;
    }
    const cols = ix.fields.map((f) => columnOf(model, f.name));
    const suffix = ix.type === "id" ? "pkey" : ix.type === "unique" ? "key" : "idx";
    const name = ix.dbName ?? prismaName(table, cols, suffix);
    shape.indexes.set(name, {
      name,
      table,
      columns: cols,
      unique: ix.type !== "normal",
      primary: ix.type === "id",
      method: (ix.algorithm ?? "BTree").toLowerCase(),
      desc: ix.fields.map((f) => f.sortOrder === "desc"),
      opclasses: ix.fields.map((f) =>
        f.operatorClass ? (/^[A-Z]/.test(f.operatorClass) ? f.operatorClass.replace(/([a-z])([A-Z])/g, "$1_$2").toLowerCase() : f.operatorClass) : null,
      ),
    });
  }
  return { shape, columns, problems };
}

// ───────────────────────────── actual (from pg_catalog) ─────────────────────────────

const IGNORED_TABLES = new Set(["_prisma_migrations"]);

async function introspect(client: pg.Client) {
  const enumRows = await client.query<{ name: string; value: string }>(`
    SELECT t.typname AS name, e.enumlabel AS value
    FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
    JOIN pg_namespace n ON n.oid = t.typnamespace
    WHERE n.nspname = current_schema()
    ORDER BY t.typname, e.enumsortorder`);
  const tableRows = await client.query<{ table: string; kind: string }>(`
    SELECT c.relname AS table, c.relkind AS kind FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'f')`);
  const columnRows = await client.query<{
    table: string;
    column: string;
    type: string;
    notNull: boolean;
    defaultExpr: string | null;
    identity: string;
    generated: string;
  }>(`
    SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type,
           a.attnotnull AS "notNull", pg_get_expr(d.adbin, d.adrelid) AS "defaultExpr",
           a.attidentity AS identity, a.attgenerated AS generated
    FROM pg_attribute a
    JOIN pg_class c ON c.oid = a.attrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
    ORDER BY c.relname, a.attnum`);
  const indexRows = await client.query<{
    name: string;
    table: string;
    unique: boolean;
    primary: boolean;
    method: string;
    columns: (string | null)[];
    desc: boolean[];
    opclasses: string[];
    opdefaults: boolean[];
    partial: boolean;
    isConstraint: boolean;
  }>(`
    SELECT i.relname AS name, t.relname AS table, x.indisunique AS unique, x.indisprimary AS primary,
           am.amname AS method, x.indpred IS NOT NULL AS partial,
           EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid AND k.contype IN ('p','u','x')) AS "isConstraint",
           array(SELECT a.attname FROM unnest(x.indkey) WITH ORDINALITY k(attnum, ord)
                 LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum
                 ORDER BY k.ord)::text[] AS columns,
           array(SELECT (o.opt & 1) = 1 FROM unnest(x.indoption) WITH ORDINALITY o(opt, ord) ORDER BY o.ord) AS desc,
           array(SELECT oc.opcname FROM unnest(x.indclass) WITH ORDINALITY c(cls, ord)
                 JOIN pg_opclass oc ON oc.oid = c.cls ORDER BY c.ord)::text[] AS opclasses,
           array(SELECT oc.opcdefault FROM unnest(x.indclass) WITH ORDINALITY c(cls, ord)
                 JOIN pg_opclass oc ON oc.oid = c.cls ORDER BY c.ord) AS opdefaults
    FROM pg_index x
    JOIN pg_class i ON i.oid = x.indexrelid
    JOIN pg_class t ON t.oid = x.indrelid
    JOIN pg_am am ON am.oid = i.relam
    JOIN pg_namespace n ON n.oid = t.relnamespace
    WHERE n.nspname = current_schema()`);
  const fkRows = await client.query<{ name: string; table: string; columns: string[]; refTable: string; refColumns: string[]; onDelete: string }>(`
    SELECT k.conname AS name, t.relname AS table, r.relname AS "refTable",
           array(SELECT a.attname FROM unnest(k.conkey) WITH ORDINALITY u(attnum, ord)
                 JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.attnum ORDER BY u.ord)::text[] AS columns,
           array(SELECT a.attname FROM unnest(k.confkey) WITH ORDINALITY u(attnum, ord)
                 JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.attnum ORDER BY u.ord)::text[] AS "refColumns",
           CASE k.confdeltype WHEN 'a' THEN 'NO ACTION' WHEN 'r' THEN 'RESTRICT' WHEN 'c' THEN 'CASCADE'
                              WHEN 'n' THEN 'SET NULL' WHEN 'd' THEN 'SET DEFAULT' END AS "onDelete"
    FROM pg_constraint k
    JOIN pg_class t ON t.oid = k.conrelid
    JOIN pg_class r ON r.oid = k.confrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
    WHERE n.nspname = current_schema() AND k.contype = 'f'`);
  return { enumRows: enumRows.rows, tableRows: tableRows.rows, columnRows: columnRows.rows, indexRows: indexRows.rows, fkRows: fkRows.rows };
}

// ───────────────────────────── comparison ─────────────────────────────

const unquote = (type: string) => type.replaceAll('"', "");
const list = (xs: readonly unknown[]) => `(${xs.join(", ")})`;

/**
 * Every difference between the database at `dbUrl` and the schema described by `dmmf`, one
 * readable line each; an empty array means they agree. Extra tables, columns, enums,
 * indexes and foreign keys in the database count as differences (`_prisma_migrations` aside).
 */
export async function compareSchema(options: { dmmf: Dmmf; dbUrl: string }): Promise<string[]> {
  const { shape, columns: expectedColumns, problems } = expectedShape(options.dmmf);
  const diffs = [...problems];
  const client = new pg.Client({ connectionString: options.dbUrl });
  await client.connect();
  let actual: Awaited<ReturnType<typeof introspect>>;
  try {
    actual = await introspect(client);
  } finally {
    await client.end();
  }

  // Enums: same types, same values in the same order.
  const actualEnums = new Map<string, string[]>();
  for (const r of actual.enumRows) actualEnums.set(r.name, [...(actualEnums.get(r.name) ?? []), r.value]);
  for (const [name, values] of shape.enums) {
    const got = actualEnums.get(name);
    if (!got) diffs.push(`enum "${name}": missing in the database`);
    else if (got.join(",") !== values.join(",")) diffs.push(`enum "${name}": database has ${list(got)}, schema.prisma has ${list(values)}`);
  }
  for (const name of actualEnums.keys()) if (!shape.enums.has(name)) diffs.push(`enum "${name}": in the database but not in schema.prisma`);

  // Tables and columns.
  const actualTables = new Map(actual.tableRows.filter((r) => !IGNORED_TABLES.has(r.table)).map((r) => [r.table, r.kind]));
  for (const table of expectedColumns.keys()) {
    if (!actualTables.has(table)) diffs.push(`table "${table}": missing in the database`);
  }
  for (const [table, kind] of actualTables) {
    if (!expectedColumns.has(table)) diffs.push(`${kind === "r" || kind === "p" ? "table" : "relation"} "${table}": in the database but not in schema.prisma`);
  }
  const actualColumns = new Map<string, Map<string, (typeof actual.columnRows)[number]>>();
  for (const r of actual.columnRows) {
    if (IGNORED_TABLES.has(r.table)) continue;
    if (!actualColumns.has(r.table)) actualColumns.set(r.table, new Map());
    actualColumns.get(r.table)!.set(r.column, r);
  }
  for (const [table, cols] of expectedColumns) {
    const got = actualColumns.get(table);
    if (!got) continue;
    for (const [column, want] of cols) {
      const have = got.get(column);
      const where = `${table}.${column}`;
      if (!have) {
        diffs.push(`${where}: column missing in the database (schema.prisma: ${want.type}${want.notNull ? " NOT NULL" : ""})`);
        continue;
      }
      if (unquote(have.type) !== unquote(want.type)) diffs.push(`${where}: type is ${have.type} in the database, ${want.type} in schema.prisma`);
      if (have.notNull !== want.notNull)
        diffs.push(
          `${where}: ${have.notNull ? "NOT NULL" : "nullable"} in the database, ${want.notNull ? "required (NOT NULL)" : "optional (nullable)"} in schema.prisma`,
        );
      if (have.identity || have.generated) diffs.push(`${where}: identity/generated column, which schema.prisma cannot describe`);
      const haveDefault = have.defaultExpr === null ? null : normaliseDefault(have.defaultExpr);
      if (want.defaultExpr === null && haveDefault !== null) diffs.push(`${where}: database has DEFAULT ${have.defaultExpr}, schema.prisma has no @default`);
      else if (want.defaultExpr !== null && haveDefault === null)
        diffs.push(`${where}: schema.prisma has a @default (${want.defaultExpr}), the database has none`);
      else if (want.defaultExpr !== null && want.defaultExpr !== "*" && haveDefault !== normaliseDefault(want.defaultExpr))
        diffs.push(`${where}: database has DEFAULT ${have.defaultExpr}, schema.prisma implies ${want.defaultExpr}`);
    }
    for (const column of got.keys()) {
      if (!cols.has(column)) diffs.push(`${table}.${column}: column in the database but not in schema.prisma`);
    }
  }

  // Primary keys, unique and plain indexes (by name, as Prisma names them).
  const actualIndexes = new Map(actual.indexRows.filter((r) => !IGNORED_TABLES.has(r.table)).map((r) => [r.name, r]));
  const describe = (ix: { unique: boolean; primary: boolean }) => (ix.primary ? "primary key" : ix.unique ? "unique index" : "index");
  for (const [name, want] of shape.indexes) {
    const have = actualIndexes.get(name);
    const label = `${describe(want)} "${name}" on ${want.table}${list(want.columns)}`;
    if (!have) {
      // Name the index that does exist on those columns, if any: the usual mistake is a rename.
      const same = [...actualIndexes.values()].find((r) => r.table === want.table && r.columns.join(",") === want.columns.join(","));
      diffs.push(`${label}: missing in the database${same ? ` (found ${describe(same)} "${same.name}" on the same columns)` : ""}`);
      continue;
    }
    if (have.table !== want.table) diffs.push(`${label}: in the database it is on table "${have.table}"`);
    if (have.columns.join(",") !== want.columns.join(","))
      diffs.push(`${label}: columns in the database are ${list(have.columns.map((c) => c ?? "<expression>"))}`);
    if (have.primary !== want.primary || have.unique !== want.unique) diffs.push(`${label}: in the database it is a ${describe(have)}`);
    if (have.method !== want.method) diffs.push(`${label}: method is ${have.method} in the database, ${want.method} in schema.prisma`);
    if (have.partial) diffs.push(`${label}: partial (WHERE …) in the database, which schema.prisma does not describe`);
    want.desc.forEach((d, i) => {
      if ((have.desc[i] ?? false) !== d) diffs.push(`${label}: column ${want.columns[i]} is ${have.desc[i] ? "DESC" : "ASC"} in the database`);
    });
    want.opclasses.forEach((op, i) => {
      const haveOp = have.opclasses[i];
      if (op ? haveOp !== op : have.opdefaults[i] === false)
        diffs.push(`${label}: column ${want.columns[i]} uses operator class ${haveOp} in the database, ${op ?? "the default"} in schema.prisma`);
    });
  }
  for (const [name, have] of actualIndexes) {
    if (!shape.indexes.has(name))
      diffs.push(`${describe(have)} "${name}" on ${have.table}${list(have.columns.map((c) => c ?? "<expression>"))}: in the database but not in schema.prisma`);
  }

  // Foreign keys, keyed by table and columns (Prisma's DMMF does not expose a relation's `map:`).
  const actualFks = new Map(actual.fkRows.map((r) => [`${r.table}(${r.columns.join(",")})`, r]));
  for (const [key, want] of shape.foreignKeys) {
    const have = actualFks.get(key);
    const label = `foreign key ${key} → ${want.refTable}${list(want.refColumns)}`;
    if (!have) {
      diffs.push(`${label}: missing in the database`);
      continue;
    }
    if (have.refTable !== want.refTable || have.refColumns.join(",") !== want.refColumns.join(","))
      diffs.push(`${label}: in the database it references ${have.refTable}${list(have.refColumns)}`);
    if (have.onDelete !== want.onDelete) diffs.push(`${label}: ON DELETE ${have.onDelete} in the database, ${want.onDelete} in schema.prisma`);
  }
  for (const [key, have] of actualFks) {
    if (!shape.foreignKeys.has(key)) diffs.push(`foreign key "${have.name}" ${key} → ${have.refTable}: in the database but not in schema.prisma`);
  }

  return diffs;
}
