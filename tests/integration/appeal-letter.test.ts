// The official answer to an appeal as a letter (A4 PDF in Ukrainian, and a print view):
// the citizen opens it with their tracking link, staff who may see the request from its
// page (audited, since it carries the citizen's name and address).
import { inflateSync } from "node:zlib";
import { beforeAll, describe, expect, test } from "vitest";
import { submitRequest } from "#app/domain/requests/submit-request.server.ts";
import { transitionRequest } from "#app/domain/requests/transition-request.server.ts";
import { loader as staffLetter } from "#app/routes/staff+/requests.$id.letter[.]pdf.ts";
import { loader as staffLetterPrint } from "#app/routes/staff+/requests.$id_.letter.tsx";
import { loader as citizenLetter } from "#app/routes/track.$token.letter[.]pdf.ts";
import { loader as citizenLetterPrint } from "#app/routes/track.$token_.letter.tsx";
import { getDb } from "#app/utils/db.server.ts";
import { createSmallCity, createStaff, POINTS } from "#tests/factories/org.ts";
import { sessionFor } from "#tests/factories/staff-session.ts";

const BASE = "http://localhost:3000";
const args = (request: Request, params: Record<string, string>) => ({ request, params, context: {} }) as never;

/** Runs a loader; a thrown Response (404, 403) is returned like a returned one. */
async function run(p: () => Promise<unknown>): Promise<Response> {
  try {
    return (await p()) as Response;
  } catch (e) {
    if (e instanceof Response) return e;
    throw e;
  }
}

/**
 * The text a PDF shows, read the way a viewer does: inflate the streams, map each font's
 * glyph codes through its ToUnicode table, and join what Tj/TJ draw.
 */
function pdfText(pdf: Buffer): string {
  const raw = pdf.toString("latin1");
  const objects = new Map<number, { dict: string; stream: string | null }>();
  const objRe = /(\d+) 0 obj\s*([\s\S]*?)endobj/g;
  for (let m = objRe.exec(raw); m; m = objRe.exec(raw)) {
    const body = m[2]!;
    const s = body.indexOf("stream");
    if (s < 0) {
      objects.set(Number(m[1]), { dict: body, stream: null });
      continue;
    }
    const dict = body.slice(0, s);
    const start = s + "stream".length + (body[s + 6] === "\r" ? 2 : 1);
    const end = body.lastIndexOf("endstream");
    let bytes = Buffer.from(body.slice(start, end), "latin1");
    if (/\/FlateDecode/.test(dict)) bytes = inflateSync(bytes);
    objects.set(Number(m[1]), { dict, stream: bytes.toString("latin1") });
  }
  const cmapOf = (fontId: number) => {
    const map = new Map<string, string>();
    const ref = /\/ToUnicode (\d+) 0 R/.exec(objects.get(fontId)?.dict ?? "");
    const cmap = ref ? (objects.get(Number(ref[1]))?.stream ?? "") : "";
    const hex = (h: string) => String.fromCodePoint(...(h.match(/.{4}/g) ?? []).map((x) => parseInt(x, 16)));
    for (const [, block] of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
      for (const [, from, to, list] of block!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*\[([^\]]*)\]/g)) {
        const dst = [...list!.matchAll(/<([0-9a-fA-F]+)>/g)].map((x) => hex(x[1]!));
        for (let c = parseInt(from!, 16), i = 0; c <= parseInt(to!, 16); c++, i++) map.set(c.toString(16).padStart(from!.length, "0"), dst[i] ?? "");
      }
    }
    return map;
  };
  // PDFKit names each font once per document (/F1, /F2…), in resource dictionaries of their own.
  const fonts = new Map<string, Map<string, string>>();
  for (const { dict } of objects.values()) {
    for (const block of dict.matchAll(/\/Font\s*<<([^>]*)>>/g))
      for (const f of block[1]!.matchAll(/\/(\w+) (\d+) 0 R/g)) fonts.set(f[1]!, cmapOf(Number(f[2])));
  }
  let text = "";
  for (const { dict } of objects.values()) {
    if (!/\/Type \/Page\b/.test(dict)) continue;
    const contents = /\/Contents (\d+) 0 R/.exec(dict);
    const content = contents ? (objects.get(Number(contents[1]))?.stream ?? "") : "";
    let cmap = new Map<string, string>();
    for (const op of content.matchAll(/\/(\w+) [\d.]+ Tf|\[((?:<[0-9a-fA-F]*>|[^\]])*)\] TJ|<([0-9a-fA-F]*)> Tj|\bET\b/g)) {
      if (op[1]) cmap = fonts.get(op[1]) ?? new Map();
      else if (op[0] === "ET") text += "\n";
      else {
        const parts = op[2] !== undefined ? [...op[2].matchAll(/<([0-9a-fA-F]*)>|(-?[\d.]+)/g)] : [[op[0], op[3]] as unknown as RegExpMatchArray];
        for (const p of parts) {
          if (p[1] !== undefined) for (const code of p[1].match(/.{4}/g) ?? []) text += cmap.get(code.toLowerCase()) ?? cmap.get(code) ?? "";
          // A wide negative kern is a space the layout drew as a gap.
          else if (p[2] !== undefined && Number(p[2]) < -200) text += " ";
        }
      }
    }
  }
  return text.replace(/[ \t]+/g, " ");
}

type City = Awaited<ReturnType<typeof createSmallCity>>;
let city: City;
const cookies: Record<string, string> = {};
const appeal = { id: "", number: "", token: "" };
const ANSWER = "Водогін на вул. Центральній відремонтовано 2 грудня, водопостачання відновлено в повному обсязі.";

async function submitAppeal(description: string, isAppeal = true) {
  return submitRequest({
    channel: "WEB",
    description,
    categoryCode: "water.no-water",
    location: POINTS.centre,
    citizen: { fullName: "Марія Іванівна Петренко", phone: "+380501112233", residence: "м. Слов'янськ, вул. Центральна, 1, кв. 5" },
    ...(isAppeal ? { appeal: { kind: "APPLICATION" as const } } : {}),
  });
}

beforeAll(async () => {
  city = await createSmallCity();
  const operator = await createStaff({ role: "OPERATOR", name: "Олена Оператор" });
  const waterOfficer = await createStaff({ role: "DEPARTMENT_OFFICER", departmentId: city.water.id, name: "Сергій Коваленко" });
  const roadsOfficer = await createStaff({ role: "DEPARTMENT_OFFICER", departmentId: city.triageOnly.id, name: "Петро Дороги" });
  for (const [k, u] of Object.entries({ operator, waterOfficer, roadsOfficer })) cookies[k] = (await sessionFor(u)).cookie;

  const submitted = await submitAppeal("Прошу відремонтувати водогін: третій день немає води в будинку");
  Object.assign(appeal, { id: submitted.request.id, number: submitted.request.number, token: submitted.accessToken });
  await transitionRequest({
    requestId: appeal.id,
    to: "RESOLVED",
    actor: { type: "STAFF", id: waterOfficer.id },
    resultCode: "RESOLVED_POSITIVELY",
    publicAnswer: ANSWER,
  });
});

const citizenGet = (token: string) => run(() => citizenLetter(args(new Request(`${BASE}/track/${token}/letter.pdf`), { token })));
const staffGet = (who: string, id: string) =>
  run(() => staffLetter(args(new Request(`${BASE}/staff/requests/${id}/letter.pdf`, { headers: { Cookie: cookies[who]! } }), { id })));

describe("the answer letter as PDF", () => {
  test("the citizen with the tracking link gets an A4 PDF in Ukrainian with the numbers, the answer and the signer", async () => {
    const response = await citizenGet(appeal.token);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("application/pdf");
    expect(response.headers.get("Cache-Control")).toMatch(/no-store/);
    const pdf = Buffer.from(await response.arrayBuffer());
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    // A4 is 595.28 × 841.89 points.
    expect(pdf.toString("latin1")).toMatch(/\/MediaBox \[0 0 595\.28 841\.89\]/);

    const text = pdfText(pdf);
    expect(text).toContain(appeal.number);
    expect(text.replace(/\s+/g, " ")).toContain(ANSWER);
    expect(text).toContain("Марія Іванівна Петренко");
    expect(text).toContain("вул. Центральна, 1, кв. 5");
    expect(text).toContain("Сергій Коваленко");
    expect(text).toMatch(/ЄДРПОУ/);
    expect(text).toMatch(/Вих\. №/);
  });

  test("staff who can see the request get the same letter, and the view is audited", async () => {
    const response = await staffGet("waterOfficer", appeal.id);
    expect(response.status).toBe(200);
    const text = pdfText(Buffer.from(await response.arrayBuffer()));
    expect(text).toContain(appeal.number);
    expect(text.replace(/\s+/g, " ")).toContain(ANSWER);
    const audit = await getDb().auditLog.findMany({ where: { action: "appeal.letter-view", entityId: appeal.id } });
    expect(audit).toHaveLength(1);
  });

  test("the print view shows the same letter as a page", async () => {
    const result = (await run(() =>
      staffLetterPrint(args(new Request(`${BASE}/staff/requests/${appeal.id}/letter`, { headers: { Cookie: cookies.operator! } }), { id: appeal.id })),
    )) as unknown as { letter: { outgoing: { number: string }; appeal: { number: string }; answer: string } };
    expect(result.letter.appeal.number).toBe(appeal.number);
    expect(result.letter.answer).toBe(ANSWER);
    expect(result.letter.outgoing.number).toContain(appeal.number);
  });

  test("the citizen's print view shows the letter with their link, and nothing for a wrong link", async () => {
    const result = (await run(() => citizenLetterPrint(args(new Request(`${BASE}/track/${appeal.token}/letter`), { token: appeal.token })))) as unknown as {
      data: { letter: { appeal: { number: string }; answer: string; addressee: { fullName: string } } };
      init: { headers: Record<string, string> };
    };
    expect(result.data.letter.appeal.number).toBe(appeal.number);
    expect(result.data.letter.answer).toBe(ANSWER);
    expect(result.data.letter.addressee.fullName).toBe("Марія Іванівна Петренко");
    expect(result.init.headers["Cache-Control"]).toMatch(/no-store/);
    const wrong = await run(() => citizenLetterPrint(args(new Request(`${BASE}/track/${"y".repeat(43)}/letter`), { token: "y".repeat(43) })));
    expect(wrong.status).toBe(404);
  });

  test("staff of another department get 403", async () => {
    const before = await getDb().auditLog.count({ where: { action: "appeal.letter-view", entityId: appeal.id } });
    expect((await staffGet("roadsOfficer", appeal.id)).status).toBe(403);
    expect(await getDb().auditLog.count({ where: { action: "appeal.letter-view", entityId: appeal.id } })).toBe(before);
  });

  test("no letter for a wrong token, a request that is not an appeal, or an appeal not yet answered", async () => {
    expect((await citizenGet("x".repeat(43))).status).toBe(404);
    expect((await citizenGet(`${appeal.token.slice(0, -1)}${appeal.token.endsWith("A") ? "B" : "A"}`)).status).toBe(404);

    const plain = await submitAppeal("Немає води у під'їзді", false);
    const officer = await createStaff({ role: "DEPARTMENT_OFFICER", departmentId: city.water.id });
    await transitionRequest({
      requestId: plain.request.id,
      to: "RESOLVED",
      actor: { type: "STAFF", id: officer.id },
      resultCode: "RESOLVED_POSITIVELY",
      publicAnswer: "Воду подано",
    });
    expect((await citizenGet(plain.accessToken)).status).toBe(404);
    expect((await staffGet("operator", plain.request.id)).status).toBe(404);

    const open = await submitAppeal("Прошу встановити лавку біля під'їзду");
    expect((await citizenGet(open.accessToken)).status).toBe(404);
    expect((await staffGet("operator", open.request.id)).status).toBe(404);
  });
});
