// Shared by the citizen-* tests: built requests to the report and tracking routes, and real image bytes.
import { deflateSync, crc32 } from "node:zlib";
import { csrfPairForTests } from "#app/utils/csrf.server.ts";

export const BASE = "http://localhost";

export type Fields = Record<string, string | string[] | undefined>;
export type Upload = { name: string; type: string; bytes: Uint8Array };

export function buildPost(url: string, fields: Fields, options: { files?: Upload[]; csrf?: boolean } = {}) {
  const { cookie, field } = csrfPairForTests();
  const fd = new FormData();
  if (options.csrf !== false) fd.set("csrf", field);
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) continue;
    for (const item of Array.isArray(v) ? v : [v]) fd.append(k, item);
  }
  for (const f of options.files ?? []) fd.append("photos", new File([f.bytes.slice().buffer as ArrayBuffer], f.name, { type: f.type }));
  return new Request(url, { method: "POST", body: fd, headers: { cookie } });
}

/** A real PNG of w×h pixels, built byte by byte (signature, IHDR, IDAT, IEND). */
export function tinyPng(w = 4, h = 3): Uint8Array {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td) >>> 0);
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const rows = Buffer.alloc((w * 3 + 1) * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) rows[y * (w * 3 + 1) + 1 + x * 3] = 200;
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk("IHDR", ihdr),
      chunk("IDAT", deflateSync(rows)),
      chunk("IEND", Buffer.alloc(0)),
    ]),
  );
}

export type ActionData<T> = { init: ResponseInit; data: T };

export async function run<T>(fn: () => Promise<unknown>): Promise<{ response?: Response; result?: ActionData<T> }> {
  try {
    const out = await fn();
    if (out instanceof Response) return { response: out };
    return { result: out as ActionData<T> };
  } catch (e) {
    if (e instanceof Response) return { response: e };
    throw e;
  }
}
