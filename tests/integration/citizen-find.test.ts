// A citizen who lost the tracking link finds the request again by its number and the phone
// it was made with (/find), or sees all their requests after proving the phone (/my). The
// proof is a one-time code texted to that phone (the sandbox outbox holds it here); an
// unknown number and a wrong phone get the very same answer, so numbers cannot be probed.
// Real routes, real PostgreSQL and Redis.
import { afterAll, beforeEach, describe, expect, test } from "vitest";
import { submitRequest } from "#app/domain/requests/submit-request.server.ts";
import { closeWebLookup } from "#app/domain/tracking/web-lookup.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { createSmallCity, POINTS } from "#tests/factories/org.ts";
import { BASE, buildPost, run, type Fields } from "./citizen-helpers.ts";

const find = await import("#app/routes/find.tsx");
const my = await import("#app/routes/my.tsx");
const track = await import("#app/routes/track.$token.tsx");

type FindReply = { step: "number" | "code"; verificationId?: string; to?: string; errors: Record<string, string> };

afterAll(() => closeWebLookup());

// Fresh numbers in every test: codes to one phone are paced (a few per quarter of an hour).
let PHONE = "";
let LOCAL = "";
let OTHER_PHONE = "";
let seq = 0;
// Each test its own client address, so the pace limits of one do not spill into another.
let client = "";

let mine: { id: string; number: string; token: string };
let mineToo: { number: string };
let theirs: { number: string };

async function submit(phone: string, description: string) {
  const r = await submitRequest({
    channel: "WEB",
    externalId: `form-${++seq}-${Math.random()}`,
    description,
    categoryCode: "water.no-water",
    location: POINTS.centre,
    citizen: { phone },
  });
  return { id: r.request.id, number: r.request.number, token: r.accessToken };
}

beforeEach(async () => {
  await getDb().$executeRawUnsafe(
    `TRUNCATE "Attachment","Notification","Message","RequestEvent","Deadline","Appeal","RequestCoExecutor","RequestFollower","StaffAlert","Rating","Request","ChannelIdentity","Citizen","RoutingRule","OutageCategory","Outage","Category","District","StaffUser","Department","RequestNumberCounter","Setting" CASCADE`,
  );
  await createSmallCity();
  client = `10.9.${++seq % 250}.${Math.floor(Math.random() * 250)}`;
  const tail = String(seq % 100).padStart(2, "0");
  PHONE = `+3805011122${tail}`;
  LOCAL = `050 111 22 ${tail}`;
  OTHER_PHONE = `+3806711122${tail}`;
  mine = await submit(PHONE, "Немає води в будинку");
  mineToo = await submit(LOCAL, "Тече труба в підвалі");
  theirs = await submit(OTHER_PHONE, "Чужа заявка про воду");
});

const codesSentTo = async (address: string) =>
  (await getDb().notification.findMany({ where: { template: "verificationCode", address }, orderBy: { createdAt: "asc" } })).map(
    (n) => (n.params as { code: string }).code,
  );

const postFind = (fields: Fields, cookie?: string) =>
  run<FindReply>(() => find.action({ request: withCookie(buildPost(`${BASE}/find`, fields), cookie), params: {}, context: { clientAddress: client } }));
const postMy = (fields: Fields, cookie?: string) =>
  run<FindReply>(() => my.action({ request: withCookie(buildPost(`${BASE}/my`, fields), cookie), params: {}, context: { clientAddress: client } }));

function withCookie(request: Request, cookie?: string) {
  if (!cookie) return request;
  // Copying a Request's headers leaves its cookie behind: carry the CSRF cookie over by hand.
  const headers = new Headers();
  request.headers.forEach((v, k) => headers.set(k, v));
  headers.set("cookie", [request.headers.get("cookie"), cookie].filter(Boolean).join("; "));
  return new Request(request.url, { method: "POST", headers, body: request.body, duplex: "half" } as RequestInit);
}

describe("/find: a request by its number and phone", () => {
  test("the right number and phone: a code goes to that phone, and the code opens the private tracking page", async () => {
    const sent = await postFind({ intent: "send", number: mine.number, phone: LOCAL });
    expect(sent.result?.data.step).toBe("code");
    expect(sent.result?.data.to).toBe(`+380 •• ••• •• ${PHONE.slice(-2)}`);
    const [code] = await codesSentTo(PHONE);
    expect(code).toMatch(/^\d{6}$/);

    const opened = await postFind({ intent: "code", verificationId: sent.result!.data.verificationId!, code: code! });
    expect(opened.response?.status).toBe(302);
    const location = opened.response!.headers.get("Location")!;
    expect(location).toMatch(/^\/track\/[A-Za-z0-9_-]{20,}\?/);
    const token = location.split("/track/")[1]!.split("?")[0]!;
    const page = (await track.loader({ request: new Request(`${BASE}${location}`), params: { token }, context: {} })) as unknown as {
      data: { view: { number: string } };
    };
    expect(page.data.view.number).toBe(mine.number);

    // The code is used up: typing it again opens nothing.
    const again = await postFind({ intent: "code", verificationId: sent.result!.data.verificationId!, code: code! });
    expect(again.response).toBeUndefined();
    expect(again.result?.data.errors.code).toBeTruthy();
  });

  test("an unknown number and a wrong phone get the same answer as the right ones, and no code is sent", async () => {
    const right = await postFind({ intent: "send", number: mine.number, phone: PHONE });
    const wrongPhone = await postFind({ intent: "send", number: mine.number, phone: "+380939998877" });
    const unknown = await postFind({ intent: "send", number: "SLV-2026-999999", phone: PHONE });
    const shape = (r: typeof right) => ({ status: r.result?.init.status ?? 200, step: r.result?.data.step, keys: Object.keys(r.result?.data ?? {}).sort() });
    expect(shape(wrongPhone)).toEqual(shape(right));
    expect(shape(unknown)).toEqual(shape(right));
    expect(wrongPhone.result?.data.to).toBe("+380 •• ••• •• 77");
    expect(await codesSentTo("+380939998877")).toHaveLength(0);
    expect(await codesSentTo(PHONE)).toHaveLength(1);

    // A guessed code: the same words whether the request exists or not.
    const guess = async (r: typeof right) =>
      (await postFind({ intent: "code", verificationId: r.result!.data.verificationId!, code: "000000" })).result?.data.errors.code;
    const [a, b, c] = [await guess(right), await guess(wrongPhone), await guess(unknown)];
    expect(a).toBe(b);
    expect(b).toBe(c);
  });

  test("a malformed number or phone names the field; a request someone else made with another phone is not opened", async () => {
    const bad = await postFind({ intent: "send", number: "123", phone: "abc" });
    expect(bad.result?.init.status).toBe(400);
    expect(Object.keys(bad.result?.data.errors ?? {}).sort()).toEqual(["number", "phone"]);
    await postFind({ intent: "send", number: theirs.number, phone: PHONE });
    expect(await codesSentTo(PHONE)).toHaveLength(0);
  });

  test("lookups are paced per client address: the sixth within the hour is refused, whatever the number", async () => {
    for (let i = 0; i < 5; i++)
      expect((await postFind({ intent: "send", number: `SLV-2026-00010${i}`, phone: `+38050000000${i}` })).result?.data.step).toBe("code");
    const refused = await postFind({ intent: "send", number: mine.number, phone: PHONE });
    expect(refused.result?.init.status).toBe(429);
    expect(refused.result?.data.errors.form).toMatch(/Забагато/);
    expect(await codesSentTo(PHONE)).toHaveLength(0);
  });
});

describe("/my: my requests after proving the phone", () => {
  async function signIn(phone = PHONE) {
    const sent = await postMy({ intent: "send", phone });
    expect(sent.result?.data.step).toBe("code");
    const codes = await codesSentTo(phone);
    const done = await postMy({ intent: "code", verificationId: sent.result!.data.verificationId!, code: codes.at(-1)! });
    expect(done.response?.status).toBe(302);
    const setCookie = done.response!.headers.get("Set-Cookie")!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/Max-Age=\d+/);
    return setCookie.split(";")[0]!;
  }
  const list = async (cookie?: string) => {
    const headers = cookie ? { cookie } : undefined;
    const out = (await my.loader({ request: new Request(`${BASE}/my`, { headers }), params: {}, context: {} })) as unknown as {
      data: { requests: { number: string; status: string; receivedAt: string; trackUrl: string }[] | null };
    };
    return out.data.requests;
  };

  test("without proof the page asks for the phone; after the code it lists this phone's requests with their links, and no one else's", async () => {
    expect(await list()).toBeNull();
    const cookie = await signIn();
    const requests = (await list(cookie))!;
    expect(requests.map((r) => r.number).sort()).toEqual([mine.number, mineToo.number].sort());
    expect(requests.map((r) => r.number)).not.toContain(theirs.number);
    const first = requests.find((r) => r.number === mine.number)!;
    expect(first.status).toBe((await getDb().request.findUniqueOrThrow({ where: { id: mine.id } })).status);
    expect(first.trackUrl).toBe(`/track/${mine.token}`);
    expect(JSON.stringify(requests)).not.toContain("Чужа");
  });

  test("a forged or altered cookie proves nothing; leaving clears it", async () => {
    const cookie = await signIn();
    const [name, value] = cookie.split("=");
    expect(await list(`${name}=${value!.slice(0, -3)}abc`)).toBeNull();
    expect(await list(`${name}=${Buffer.from(JSON.stringify({ phone: OTHER_PHONE })).toString("base64")}`)).toBeNull();
    const left = await postMy({ intent: "leave" }, cookie);
    expect(left.response?.status).toBe(302);
    expect(left.response!.headers.get("Set-Cookie")).toMatch(/Max-Age=0|Expires=Thu, 01 Jan 1970/);
  });

  test("a wrong code does not sign in", async () => {
    const sent = await postMy({ intent: "send", phone: PHONE });
    const wrong = await postMy({ intent: "code", verificationId: sent.result!.data.verificationId!, code: "000000" });
    expect(wrong.response).toBeUndefined();
    expect(wrong.result?.data.errors.code).toBeTruthy();
  });
});

describe("hostile input on /find and /my", () => {
  test("odd intents, ids, codes, numbers and phones get a 4xx with words, never a 5xx", async () => {
    const odd = [
      "",
      " ",
      "x".repeat(5000),
      '\'; DROP TABLE "Request";--',
      "SLV-2026-",
      "SLV-2026-0000000001",
      "\u0000",
      "📞",
      "../../etc/passwd",
      "+380 50 000 00 00 00",
    ];
    for (const value of odd) {
      for (const fields of [
        { intent: value, number: value, phone: value },
        { intent: "send", number: value, phone: value },
        { intent: "code", verificationId: value, code: value, to: value },
      ]) {
        for (const post of [postFind, postMy]) {
          const out = await post(fields);
          const status = out.result?.init.status ?? out.response?.status ?? 200;
          expect(status, JSON.stringify(fields).slice(0, 80)).toBeLessThan(500);
          if (status >= 400 && out.result) expect(Object.values(out.result.data.errors).join(" ")).not.toBe("");
        }
      }
    }
  });
});
