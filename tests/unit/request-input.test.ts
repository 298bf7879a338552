// The shared readers of what a browser or a script sent (request-input.server.ts, text.ts)
// and the error page they lead to: bad bodies become a 4xx with a bilingual message, every
// text is cleaned of NUL and other control characters, ids are UUIDs or nothing.
import { renderToString } from "react-dom/server";
import { describe, expect, test } from "vitest";
import { ErrorPage } from "#app/components/error-page.tsx";
import { parseId, readForm, readSearchParams, requireIdParam } from "#app/utils/request-input.server.ts";
import { cleanJson, cleanText, TooDeepError } from "#app/utils/text.ts";

const post = (body: BodyInit | undefined, type?: string) =>
  new Request("http://localhost/report", { method: "POST", body, headers: type ? { "Content-Type": type } : {} });

async function status(p: Promise<unknown>) {
  try {
    await p;
    return 200;
  } catch (e) {
    if (e instanceof Response) return e.status;
    throw e;
  }
}

describe("readForm", () => {
  test("a body that is not a form is a 415 with a message in Ukrainian and English", async () => {
    for (const [body, type] of [
      [JSON.stringify({ a: 1 }), "application/json"],
      ["a=b", "text/plain"],
      [new Uint8Array([0, 1]), undefined],
    ] as const) {
      const e = await readForm(post(body, type)).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(Response);
      expect((e as Response).status).toBe(415);
      expect(await (e as Response).text()).toMatch(/форм.* \/ .*form/i);
    }
  });

  test("a form that cannot be parsed is a 400; a file over the limit a 413", async () => {
    expect(await status(readForm(post("--x\r\nbroken", "multipart/form-data; boundary=y")))).toBe(400);
    expect(await status(readForm(post("a", "multipart/form-data")))).toBe(400);
    const fd = new FormData();
    fd.append("geoJsonFile", new File([new Uint8Array(2048)], "big.json"));
    expect(await status(readForm(new Request("http://localhost/x", { method: "POST", body: fd }), { maxFileBytes: 1024 }))).toBe(413);
  });

  test("NUL and other C0 controls are stripped from keys, values and file names; tab, CR, LF kept", async () => {
    const fd = new FormData();
    fd.append("descr\u0000iption", "Немає\u0000 води\u0001\u001b[0m\t\r\nна Шевченка\uD800");
    fd.append("photos", new File([new Uint8Array(3)], "a\u0000.png", { type: "image/png" }));
    const form = await readForm(new Request("http://localhost/x", { method: "POST", body: fd }));
    expect(form.get("description")).toBe("Немає води[0m\t\r\nна Шевченка\uFFFD");
    expect((form.get("photos") as File).name).toBe("a.png");
    expect((form.get("photos") as File).size).toBe(3);
    const url = await readForm(post("q=%00a%01&x=%ED%A0%80", "application/x-www-form-urlencoded"));
    expect(url.get("q")).toBe("a");
  });
});

test("query strings are cleaned too", () => {
  expect(readSearchParams(new Request("http://localhost/api/streets?q=%00%D0%A8%01")).get("q")).toBe("Ш");
});

test("ids: a UUID or nothing; a malformed id in the URL is a 404", async () => {
  expect(parseId("00000000-0000-4000-8000-00000000000A")).toBe("00000000-0000-4000-8000-00000000000a");
  for (const bad of ["", "not-a-uuid", "------------------------------------", "00000000-0000-4000-8000-000000000000\u0000"]) expect(parseId(bad)).toBeNull();
  expect(await status(Promise.resolve().then(() => requireIdParam("1 OR 1=1")))).toBe(404);
});

test("cleanJson cleans strings and keys at any depth, keeps __proto__ a plain key, and refuses deep nesting", () => {
  const parsed = JSON.parse('{"update_id":1,"message":{"text":"a\\u0000b","__proto__":{"x":"\\ud800"}}}');
  const out = cleanJson(parsed) as { message: Record<string, unknown> };
  expect(out.message.text).toBe("ab");
  expect(Object.getPrototypeOf(out.message)).toBe(Object.prototype);
  expect(Object.getOwnPropertyDescriptor(out.message, "__proto__")?.value).toEqual({ x: "\uFFFD" });
  let deep: unknown = "x";
  for (let i = 0; i < 40; i++) deep = { a: deep };
  expect(() => cleanJson(deep, 32)).toThrow(TooDeepError);
  expect(cleanText("ok\ttext\n")).toBe("ok\ttext\n");
});

// What Remix hands the error boundary for a thrown Response (isRouteErrorResponse's shape).
const thrown = (status: number, data: string) => ({ status, statusText: "", internal: false, data });

describe("error page", () => {
  test("a 4xx names the problem and shows the answer's own bilingual text; a 5xx only apologises", () => {
    const html415 = renderToString(ErrorPage({ error: thrown(415, "Надіслане не є формою. / What was sent is not a form."), lang: "uk" }));
    expect(html415).toContain("Запит містить помилку");
    expect(html415).toContain("Надіслане не є формою. / What was sent is not a form.");
    expect(html415).toContain("415");
    const html404 = renderToString(ErrorPage({ error: thrown(404, "Not found"), lang: "en" }));
    expect(html404).toContain("Page not found");
    const html500 = renderToString(ErrorPage({ error: new Error("secret stack detail"), lang: "en" }));
    expect(html500).toContain("Something went wrong");
    expect(html500).not.toContain("secret stack detail");
  });
});

describe("cross-origin writes", () => {
  test("what Remix's own check throws on (a bare 500) is refused with a bilingual 403; same-origin and reads pass", async () => {
    const { throwIfPotentialCSRFAttack } = (await import("@remix-run/server-runtime/dist/actions.js")) as unknown as {
      throwIfPotentialCSRFAttack: (h: Headers) => void;
    };
    const { crossOriginWriteProblem, crossOriginRefusalText } = await import("#app/utils/cross-origin.server.ts");
    const cases: [Record<string, string>, boolean][] = [
      [{ origin: "https://evil.example", host: "localhost:3000" }, true],
      [{ origin: "not a url", host: "localhost:3000" }, true],
      [{ origin: "https://contact.example.org", host: "127.0.0.1:3000", "x-forwarded-host": "contact.example.org" }, false],
      [{ origin: "http://localhost:3000", host: "localhost:3000" }, false],
      [{ origin: "null", host: "localhost:3000" }, true],
      [{ host: "localhost:3000" }, false],
    ];
    for (const [h, refused] of cases) {
      const headers = new Headers(h);
      let remixThrows = false;
      try {
        throwIfPotentialCSRFAttack(headers);
      } catch {
        remixThrows = true;
      }
      expect(remixThrows, JSON.stringify(h)).toBe(refused);
      expect(crossOriginWriteProblem("POST", headers) !== null, JSON.stringify(h)).toBe(refused);
      expect(crossOriginWriteProblem("GET", headers)).toBeNull();
    }
    expect(crossOriginRefusalText()).toMatch(/іншого сайту.* \/ .*another site/);
  });
});

describe("a value the database refuses is the person's input, not a fault", () => {
  test("isInvalidInputError knows PostgreSQL's refusals; staff and admin doors answer them with 400", async () => {
    const { Prisma } = await import("#app/generated/prisma/client.ts");
    const { isInvalidInputError } = await import("#app/utils/db-errors.ts");
    const { toUserError } = await import("#app/utils/user-error.server.ts");
    const refused = (sqlState: string, code = "P2039") =>
      new Prisma.PrismaClientKnownRequestError("refused", { code, clientVersion: "7", meta: { driverAdapterError: { cause: { originalCode: sqlState } } } });
    for (const e of [refused("22P02", "P2007"), refused("22021"), refused("22P05"), refused("22003"), refused("54001")]) {
      expect(isInvalidInputError(e)).toBe(true);
      expect(toUserError(e, "uk")).toMatchObject({
        status: 400,
        message: expect.stringMatching(/^Одне зі значень має неприпустимий вигляд\. Перевірте введені дані/),
      });
    }
    const down = new Prisma.PrismaClientKnownRequestError("down", { code: "P1001", clientVersion: "7" });
    expect(isInvalidInputError(down)).toBe(false);
    expect(isInvalidInputError(refused("23505", "P2002"))).toBe(false);
    expect(() => toUserError(down, "uk")).toThrow();
  });
});
