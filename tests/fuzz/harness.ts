// Shared by the fuzz suites: hostile inputs (seeded fast-check arbitraries), requests built
// from them, and a runner that calls a route module's loader or action directly and counts
// what came back per entry point. A thrown non-Response error counts as a 500, a call that
// does not settle within the time limit as a hang.
import fc from "fast-check";
import { csrfPairForTests } from "#app/utils/csrf.server.ts";

export const SEED = 1580_2024;
export const BASE = "http://localhost:3000";
const CALL_TIMEOUT_MS = 10_000;

// ---------------------------------------------------------------------------------------
// Hostile values

/** Values that broke or could break a door: control characters, limits, formats, injections. */
export const NASTY = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\u0000\u0001\u0002\u001b[31m\u007f",
  "%00",
  "\\u0000",
  "\uD800",
  "\uDFFF\uD800",
  "\u202E\u2066gnp.exe",
  "\uFEFF",
  "😀".repeat(300),
  "a".repeat(70_000),
  "ї".repeat(6_000),
  "' OR 1=1 --",
  '\'; DROP TABLE "Request"; --',
  "../../../../etc/passwd",
  "..\\..\\windows\\win.ini",
  "<script>alert(1)</script>",
  "{{7*7}}${7*7}<%= 7*7 %>",
  "%s%s%s%n",
  "\r\nSet-Cookie: x=1",
  "null",
  "undefined",
  "true",
  "[]",
  "{}",
  "[object Object]",
  "__proto__",
  "constructor",
  "-1",
  "0",
  "-0",
  "1e309",
  "-1e309",
  "NaN",
  "Infinity",
  "9007199254740993",
  "99999999999999999999999999",
  "0x1F",
  "١٢٣",
  "9999-12-31T23:59:59Z",
  "+275760-09-13T00:00:00.000Z",
  "-271821-04-20T00:00:00Z",
  "0000-00-00T00:00:00Z",
  "2024-02-30T10:00:00+02:00",
  "1970-01-01T00:00:00Z",
  "00000000-0000-0000-0000-000000000000",
  "00000000-0000-4000-8000-000000000000",
  "ffffffff-ffff-ffff-ffff-ffffffffffff",
  "not-a-uuid",
  "1",
  "SLV-2024-000001",
  "water.no-water",
  "water",
  "+380501234567",
  "+380501234567\u0000",
  "48.85",
  "37.6",
  "91",
  "-181",
  "СТАТУС 2024-000001",
  "STATUS \u0000",
  "СТОП",
  "START",
  "HELP",
  "/start",
  "/start \u0000",
  "on",
];

const headerSafe = fc.string({ unit: "binary-ascii", maxLength: 60 }).map((s) => s.replace(/[^\t\x20-\x7e]/g, ""));

/** Any text a person or a script could send. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 3, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.string({ maxLength: 20 }), fc.constantFrom("\u0000", "\u0001", "\u0008", "\u000b", "\u001f", "\uD800"), fc.string({ maxLength: 20 }))
      .map(([a, c, b]) => a + c + b),
  },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 200 }) },
  { weight: 1, arbitrary: fc.integer().map(String) },
  { weight: 1, arbitrary: fc.double().map(String) },
);

/** Dates anywhere in the range JavaScript can hold, as ISO text (years like +275760 included). */
export const anyIsoDate: fc.Arbitrary<string> = fc.oneof(
  fc.date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: true }).map((d) => d.toISOString()),
  fc.date({ min: new Date("2000-01-01"), max: new Date("2100-01-01"), noInvalidDate: true }).map((d) => d.toISOString().replace("Z", "+02:00")),
  fc.constantFrom("9999-12-31T23:59:59Z", "9999-12-31T23:59", "275760-09-13T00:00", "0001-01-01T00:00:00Z", "2024-02-29T25:61"),
);

/** A valid form with one to three of its fields replaced by hostile values (reaches deeper than noise). */
export function mutated(base: Record<string, string>, extra: fc.Arbitrary<string> = hostileText): fc.Arbitrary<[string, string][]> {
  const keys = Object.keys(base);
  return fc
    .tuple(fc.subarray(keys, { minLength: 1, maxLength: Math.min(3, keys.length) }), fc.array(fc.oneof(hostileText, extra), { minLength: 3, maxLength: 3 }))
    .map(([picked, values]) => Object.entries(base).map(([k, v]): [string, string] => (picked.includes(k) ? [k, values[picked.indexOf(k)]!] : [k, v])));
}

/** Form fields: the names a route reads (so validation goes past the first check) plus random ones. */
export function hostileFields(names: readonly string[], fixed: Record<string, fc.Arbitrary<string>> = {}) {
  const known = fc.array(fc.tuple(fc.constantFrom(...names), hostileText), { maxLength: names.length + 2 });
  const random = fc.array(fc.tuple(fc.oneof(hostileText, fc.constantFrom("__proto__", "constructor", "")), hostileText), { maxLength: 3 });
  const fixedArb = fc.record(Object.fromEntries(Object.entries(fixed).map(([k, a]) => [k, fc.option(a, { freq: 5, nil: undefined })])));
  return fc.tuple(known, random, fixedArb).map(([k, r, f]) => {
    const out: [string, string][] = [...k, ...r];
    for (const [name, value] of Object.entries(f)) if (value !== undefined) out.unshift([name, value as string]);
    return out;
  });
}

export type BodyKind = "urlencoded" | "multipart" | "json" | "text" | "broken-multipart" | "no-boundary" | "none" | "binary" | "bad-percent";
export const bodyKind: fc.Arbitrary<BodyKind> = fc.oneof(
  { weight: 6, arbitrary: fc.constant<BodyKind>("urlencoded") },
  { weight: 4, arbitrary: fc.constant<BodyKind>("multipart") },
  { weight: 1, arbitrary: fc.constantFrom<BodyKind>("json", "text", "broken-multipart", "no-boundary", "none", "binary", "bad-percent") },
);

export type Upload = { name: string; type: string; bytes: Uint8Array };
export const hostileUpload: fc.Arbitrary<Upload> = fc.record({
  name: fc.oneof(hostileText, fc.constantFrom("photo.jpg", "a.png", "../../x.jpg", "x\u0000.jpg")),
  type: fc.constantFrom("image/jpeg", "image/png", "image/gif", "application/pdf", "text/html", "", "image/svg+xml"),
  bytes: fc.oneof(
    fc.uint8Array({ maxLength: 256 }),
    fc.constant(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1])), // a JPEG header and nothing else
    fc.constant(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])), // a PNG signature, truncated
  ),
});

export type Headerish = { origin?: string; acceptLanguage?: string; cookieExtra?: string; lang?: string };
export const hostileHeaders: fc.Arbitrary<Headerish> = fc.record(
  {
    origin: fc.constantFrom("https://evil.example", "null", "http://localhost:3000", "https://contact.example.org"),
    acceptLanguage: fc.oneof(headerSafe, fc.constantFrom("en", "uk-UA,uk;q=0.9", "*", "xx;q=abc")),
    cookieExtra: fc.oneof(headerSafe, fc.constantFrom("lang=en", "lang=%00", "__slv_session=garbage", "__slv_session=a.b", "__slv_csrf=short")),
    lang: fc.oneof(fc.constantFrom("uk", "en", "de", ""), hostileText),
  },
  { requiredKeys: [] },
);

/** Percent-encodes any JS string (lone surrogates become U+FFFD), or leaves raw bytes a fuzzer would send. */
export function encodeQueryValue(v: string) {
  return Array.from(new TextEncoder().encode(v), (b) =>
    /[A-Za-z0-9\-_.~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).padStart(2, "0").toUpperCase()}`,
  ).join("");
}

const rawQueryJunk = fc.constantFrom("%", "%ZZ", "%E0%A4%A", "%C0%80", "%ED%A0%80", "%00", "%FF%FE", "&&&", "==", "a[]=1&a[]=2", "%2e%2e%2f");

/** A query string over the names a route reads, with hostile values (some left raw and malformed), or a valid one mutated. */
export function hostileQuery(names: readonly string[], options: { base?: Record<string, string>; values?: fc.Arbitrary<string> } = {}) {
  const value = options.values ? fc.oneof(hostileText, options.values) : hostileText;
  const pair = fc.tuple(
    fc.oneof(fc.constantFrom(...names), hostileText),
    fc.oneof(
      value,
      rawQueryJunk.map((j) => ({ raw: j })),
    ),
  );
  const noise = fc.array(pair, { maxLength: names.length + 2 });
  const pairs = options.base ? fc.oneof(noise, mutated(options.base, value)) : noise;
  return pairs.map((list) => list.map(([k, v]) => `${encodeQueryValue(k)}=${typeof v === "string" ? encodeQueryValue(v) : v.raw}`).join("&"));
}

// ---------------------------------------------------------------------------------------
// Requests

export type FormInput = { kind: BodyKind; fields: [string, string][]; files: Upload[]; headers: Headerish; csrf: boolean };

export function hostileForm(
  names: readonly string[],
  fixed: Record<string, fc.Arbitrary<string>> = {},
  options: { files?: boolean; base?: Record<string, string> | fc.Arbitrary<Record<string, string>> } = {},
): fc.Arbitrary<FormInput> {
  const base = options.base;
  const fields = base
    ? fc.oneof(hostileFields(names, fixed), base instanceof fc.Arbitrary ? base.chain((b) => mutated(b)) : mutated(base))
    : hostileFields(names, fixed);
  return fc.record({
    kind: bodyKind,
    fields,
    files: options.files ? fc.array(hostileUpload, { maxLength: 3 }) : fc.constant([]),
    headers: hostileHeaders,
    csrf: fc.nat(9).map((n) => n > 0), // usually a valid CSRF pair, so validation runs
  });
}

function headersFor(h: Headerish, extra: Record<string, string> = {}, csrf = true, cookie = "") {
  const headers = new Headers(extra);
  if (h.origin) headers.set("Origin", h.origin);
  if (h.acceptLanguage) headers.set("Accept-Language", h.acceptLanguage);
  const csrfCookie = csrf ? csrfPairForTests().cookie : "";
  const cookies = [cookie, csrfCookie, h.cookieExtra].filter(Boolean).join("; ");
  if (cookies) headers.set("Cookie", cookies);
  return headers;
}

/** A POST carrying `input` as the body kind it names (some are deliberately not forms at all). */
export function formRequest(url: string, input: FormInput, options: { cookie?: string; signal?: AbortSignal } = {}) {
  const fields: [string, string][] = input.csrf ? [["csrf", csrfPairForTests().field], ...input.fields] : input.fields;
  const headers = headersFor(input.headers, {}, input.csrf, options.cookie);
  let body: BodyInit | undefined;
  switch (input.kind) {
    case "urlencoded": {
      const p = new URLSearchParams();
      for (const [k, v] of fields) p.append(k, v);
      headers.set("Content-Type", "application/x-www-form-urlencoded");
      body = p.toString();
      break;
    }
    case "multipart": {
      const fd = new FormData();
      for (const [k, v] of fields) fd.append(k, v);
      for (const f of input.files) fd.append("photos", new File([f.bytes.slice().buffer as ArrayBuffer], f.name, { type: f.type }));
      body = fd;
      break;
    }
    case "json":
      headers.set("Content-Type", "application/json");
      body = JSON.stringify(Object.fromEntries(fields));
      break;
    case "text":
      headers.set("Content-Type", "text/plain;charset=UTF-8");
      body = fields.map(([k, v]) => `${k}=${v}`).join("\r\n");
      break;
    case "broken-multipart":
      headers.set("Content-Type", "multipart/form-data; boundary=----slvfuzz");
      body = `------slvfuzz\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n${fields[0]?.[1] ?? ""}\r\n------slv`;
      break;
    case "no-boundary":
      headers.set("Content-Type", "multipart/form-data");
      body = '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--x--\r\n';
      break;
    case "none":
      body = undefined;
      break;
    case "binary":
      headers.set("Content-Type", "application/octet-stream");
      body = new Uint8Array([0, 1, 2, 0xff, 0xfe, 0]);
      break;
    case "bad-percent":
      headers.set("Content-Type", "application/x-www-form-urlencoded");
      body = fields.map(([k]) => `${encodeQueryValue(k)}=%E0%A4%A%00%ZZ`).join("&") + "&csrf=" + csrfPairForTests().field;
      break;
  }
  return new Request(url, { method: "POST", headers, body, signal: options.signal });
}

export function getRequest(url: string, h: Headerish, options: { cookie?: string; signal?: AbortSignal } = {}) {
  return new Request(url, { headers: headersFor(h, {}, false, options.cookie), signal: options.signal });
}

export function withLang(query: string, h: Headerish) {
  return h.lang === undefined ? query : `${query}${query ? "&" : ""}lang=${encodeQueryValue(h.lang)}`;
}

// ---------------------------------------------------------------------------------------
// Running and counting

export type Outcome = { status: number; error?: string };

function statusOf(result: unknown): number {
  if (result instanceof Response) return result.status;
  if (result && typeof result === "object" && (result as { type?: unknown }).type === "DataWithResponseInit")
    return (result as { init?: { status?: number } | null }).init?.status ?? 200;
  return 200;
}

/** Calls a loader/action; maps thrown Responses to their status, anything else thrown to 500, no answer in time to "hang". */
export async function callRoute(run: (signal: AbortSignal) => unknown): Promise<Outcome> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<Outcome>((resolve) => {
    timer = setTimeout(() => resolve({ status: -1, error: "hang: no answer within the time limit" }), CALL_TIMEOUT_MS);
  });
  const call = (async (): Promise<Outcome> => {
    try {
      const result = await run(controller.signal);
      if (result instanceof Response) await result.body?.cancel().catch(() => undefined);
      return { status: statusOf(result) };
    } catch (e) {
      if (e instanceof Response) {
        await e.body?.cancel().catch(() => undefined);
        return { status: e.status };
      }
      return { status: 500, error: errorText(e) };
    }
  })();
  try {
    return await Promise.race([call, timeout]);
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}

function errorText(e: unknown) {
  if (!(e instanceof Error)) return String(e);
  const meta = (e as { code?: string; meta?: { modelName?: string; driverAdapterError?: { cause?: { originalCode?: string; originalMessage?: string } } } })
    .meta;
  const cause = meta?.driverAdapterError?.cause;
  const code = (e as { code?: string }).code;
  const where =
    e.stack
      ?.split("\n")
      .find((l) => l.includes("/app/") || l.includes("/integrations/"))
      ?.trim() ?? "";
  const message = e.message.split("\n").filter(Boolean).pop() ?? "";
  return [
    `${e.name}${code ? ` ${code}` : ""}${meta?.modelName ? ` on ${meta.modelName}` : ""}`,
    cause ? `${cause.originalCode}: ${cause.originalMessage}` : message.slice(0, 200),
    where,
  ]
    .filter(Boolean)
    .join(" — ");
}

type Row = { inputs: number; statuses: Map<number, number>; failures: { input: string; error: string }[] };

/** Counts per entry point, for the table printed at the end of each suite. */
export class FuzzStats {
  rows = new Map<string, Row>();

  record(entry: string, outcome: Outcome, input: unknown) {
    const row: Row = this.rows.get(entry) ?? { inputs: 0, statuses: new Map(), failures: [] };
    this.rows.set(entry, row);
    row.inputs++;
    row.statuses.set(outcome.status, (row.statuses.get(outcome.status) ?? 0) + 1);
    if (outcome.status >= 500 || outcome.status < 0) row.failures.push({ input: describe(input), error: outcome.error ?? `status ${outcome.status}` });
  }

  failures(entry?: string) {
    return [...this.rows.entries()].filter(([k]) => !entry || k === entry).flatMap(([k, r]) => r.failures.map((f) => ({ entry: k, ...f })));
  }

  /** Distinct errors of an entry point (or all), each with how often and one input that caused it. */
  summary(entry?: string) {
    const by = new Map<string, { count: number; example: string }>();
    for (const f of this.failures(entry)) {
      const key = `${f.entry} → ${f.error.replace(/\d+/g, "N").slice(0, 160)}`;
      const seen = by.get(key) ?? { count: 0, example: f.input };
      seen.count++;
      by.set(key, seen);
    }
    return [...by.entries()].map(([error, v]) => `${v.count}× ${error}\n    e.g. ${v.example}`).join("\n");
  }

  total() {
    return [...this.rows.values()].reduce((n, r) => n + r.inputs, 0);
  }

  table(title: string) {
    const lines = [`${title}: ${this.total()} inputs`, "entry point".padEnd(44) + "inputs".padStart(7) + "   5xx/hang   status counts"];
    for (const [name, r] of this.rows) {
      const bad = [...r.statuses.entries()].filter(([s]) => s >= 500 || s < 0).reduce((n, [, c]) => n + c, 0);
      const counts = [...r.statuses.entries()]
        .sort(([a], [b]) => a - b)
        .map(([s, c]) => `${s < 0 ? "hang" : s}×${c}`)
        .join(" ");
      lines.push(name.padEnd(44) + String(r.inputs).padStart(7) + String(bad).padStart(11) + "   " + counts);
    }
    return lines.join("\n");
  }
}

function describe(input: unknown) {
  const s = JSON.stringify(input, (_k, v) =>
    v instanceof Uint8Array ? `<${v.length} bytes>` : typeof v === "string" && v.length > 120 ? `${v.slice(0, 120)}…(${v.length})` : v,
  );
  return (s ?? String(input)).slice(0, 600);
}

/** Runs `runs` seeded samples of `arb` through `call`, one at a time, recording each outcome under `entry`. */
export async function fuzz<T>(
  stats: FuzzStats,
  entry: string,
  arb: fc.Arbitrary<T>,
  runs: number,
  call: (input: T, signal: AbortSignal) => unknown,
  seed = SEED,
) {
  const samples = fc.sample(arb, { seed: seed + hash(entry), numRuns: runs });
  for (const input of samples) stats.record(entry, await callRoute((signal) => call(input, signal)), input);
}

function hash(s: string) {
  let h = 0;
  for (const c of s) h = (h * 31 + c.charCodeAt(0)) | 0;
  return Math.abs(h) % 100_000;
}

export { fc };
