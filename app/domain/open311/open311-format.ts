// The two wire formats of Open311 GeoReport v2. XML is the one every client reads (FixMyStreet
// asks only for it); JSON follows it mechanically: an XML container (<services><service>…)
// is a JSON array even with one element, an element's text is a string, a number or a boolean.
// Dates leave as W3C date-times with Kyiv's offset.
import { toKyivIso } from "#app/domain/calendar/kyiv-time.ts";

export type Open311Format = "xml" | "json";

export const CONTENT_TYPES: Record<Open311Format, string> = {
  xml: "text/xml; charset=utf-8",
  json: "application/json; charset=utf-8",
};

/** A container: in XML one `tag` element per item inside the parent; in JSON an array. */
export class Open311List {
  constructor(
    readonly tag: string,
    readonly items: readonly Open311Value[],
  ) {}
}

export type Open311Value = string | number | boolean | null | Open311List | { readonly [key: string]: Open311Value };

/** The document a method answers: its root element's name and its content. */
export type Open311Document = { root: string; value: Open311Value };

export const list = (tag: string, items: readonly Open311Value[]) => new Open311List(tag, items);

/** An instant as Open311 writes it, or null. */
export const w3cDate = (d: Date | null | undefined) => (d ? toKyivIso(d) : null);

// Characters XML 1.0 cannot carry at all (control characters other than tab and line breaks,
// lone surrogates, U+FFFE/U+FFFF): dropped rather than making the document unreadable.
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function escapeXml(text: string): string {
  return text.replace(NOT_XML, "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c]!);
}

function element(name: string, value: Open311Value): string {
  if (value === null) return `<${name}></${name}>`;
  if (value instanceof Open311List) return `<${name}>${value.items.map((item) => element(value.tag, item)).join("")}</${name}>`;
  if (typeof value === "object")
    return `<${name}>${Object.entries(value)
      .map(([k, v]) => element(k, v))
      .join("")}</${name}>`;
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

function plain(value: Open311Value): unknown {
  if (value instanceof Open311List) return value.items.map(plain);
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}

export function serialize(doc: Open311Document, format: Open311Format): string {
  return format === "xml" ? `<?xml version="1.0" encoding="utf-8"?>\n${element(doc.root, doc.value)}\n` : JSON.stringify(plain(doc.value));
}

/** The spec's error list: one or more { code, description } under <errors>. */
export function errorDocument(status: number, descriptions: readonly string[]): Open311Document {
  return {
    root: "errors",
    value: list(
      "error",
      descriptions.map((description) => ({ code: status, description })),
    ),
  };
}
