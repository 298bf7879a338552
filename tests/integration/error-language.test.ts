// An error a person reads is in the language of their request, and only in it: asked in
// English (?lang=en) the refusal carries no Ukrainian, asked in Ukrainian no English
// sentence. Real actions: an admin creating a department whose code is taken (and one with
// an empty name), a console action the request's status does not allow, and a citizen's
// report with a phone number that is not one.
import { beforeAll, describe, expect, test } from "vitest";
import { submitRequest } from "#app/domain/requests/submit-request.server.ts";
import { transitionRequest } from "#app/domain/requests/transition-request.server.ts";
import { action as departmentsAction } from "#app/routes/admin+/departments.tsx";
import { action as reportAction } from "#app/routes/report.tsx";
import { action as requestAction } from "#app/routes/staff+/requests.$id.tsx";
import { createSmallCity, POINTS } from "#tests/factories/org.ts";
import { csrf, signInAs, type SignedIn } from "#tests/factories/staff-session.ts";
import { args, asResult, createAdminAndOperator, postRequest } from "./admin-helpers.ts";
import { BASE, buildPost, run } from "./citizen-helpers.ts";

const CYRILLIC = /[\u0400-\u04FF]/;
// Words any English error sentence of ours is made of; none belongs in a Ukrainian one.
const ENGLISH = /\b(the|this|is|a|an|and|not|cannot|already|exists|check|choose|enter|field|request|reload)\b/i;

type Lang = "uk" | "en";
const LANGS: Lang[] = ["uk", "en"];

function expectOnly(lang: Lang, text: string | undefined) {
  expect(text, "an error text").toBeTruthy();
  if (lang === "en") expect(text).not.toMatch(CYRILLIC);
  else {
    expect(text).toMatch(CYRILLIC);
    expect(text).not.toMatch(ENGLISH);
  }
}

let admin: Awaited<ReturnType<typeof createAdminAndOperator>>;
let operator: SignedIn;
let city: Awaited<ReturnType<typeof createSmallCity>>;
beforeAll(async () => {
  admin = await createAdminAndOperator();
  operator = await signInAs("OPERATOR", { name: "Олена Оператор" });
  city = await createSmallCity();
});

describe("the same refusal in each language, and only in it", () => {
  test("admin: a department code that is taken (409), and a name left empty (400, named by its label)", async () => {
    const create = (lang: Lang, fields: Record<string, string>) =>
      departmentsAction(args(postRequest(`/admin/departments?lang=${lang}`, admin.adminCookie, { intent: "create", ...fields })));
    await create("uk", { code: "parks-lang", nameUk: "Парки", nameEn: "Parks" });
    for (const lang of LANGS) {
      const taken = asResult(await create(lang, { code: "parks-lang", nameUk: "Парки", nameEn: "Parks" }));
      expect(taken.init?.status).toBe(409);
      expect(taken.data).toMatchObject({ ok: false, field: "code" });
      expect(taken.data.error).toContain("parks-lang");
      expectOnly(lang, taken.data.error);

      const unnamed = asResult(await create(lang, { code: `unnamed-${lang}`, nameEn: "Unnamed" }));
      expect(unnamed.init?.status).toBe(400);
      expect(unnamed.data).toMatchObject({ ok: false, field: "nameUk" });
      expect(unnamed.data.error).toBe(lang === "uk" ? "Поле «Назва українською»: заповніть це поле." : "Field “Name in Ukrainian”: fill in this field.");
    }
  });

  test("console: an action the request's status does not allow (409) names the status in the reader's language", async () => {
    const submitted = await submitRequest({ channel: "WEB", description: "Сміття біля будинку", location: POINTS.centre });
    const requestId = submitted.request.id;
    await transitionRequest({ requestId, to: "REJECTED", publicAnswer: "Повторна заявка", actor: { type: "STAFF", id: operator.user.id } });
    for (const lang of LANGS) {
      const body = new URLSearchParams({ csrf: csrf.field, intent: "ask", question: "Який під'їзд?" });
      const request = new Request(`${BASE}/staff/requests/${requestId}?lang=${lang}`, {
        method: "POST",
        headers: { Cookie: operator.cookie, "Content-Type": "application/x-www-form-urlencoded" },
        body,
      });
      const refused = (await requestAction(args(request, { id: requestId }))) as { init: ResponseInit; data: { error: string } };
      expect(refused.init.status).toBe(409);
      expect(refused.data.error).toContain(lang === "uk" ? "«Відхилено»" : '"Rejected"');
      expectOnly(lang, refused.data.error);
    }
  });

  test("citizen: a report with a phone that is not one (400), next to the phone field", async () => {
    for (const lang of LANGS) {
      const fields = {
        idempotencyKey: `lang-${lang}-${Math.random().toString(36).slice(2)}`,
        categoryCode: city.noWater.code,
        description: "Немає холодної води з ранку",
        address: "вул. Університетська, 1",
        phone: "12ab",
        nearbyChecked: "1",
        intent: "submit",
      };
      const { result } = await run<{ errors: Record<string, string> }>(() =>
        reportAction({ request: buildPost(`${BASE}/report?category=${city.noWater.code}&lang=${lang}`, fields), params: {}, context: {} }),
      );
      expect(result?.init.status).toBe(400);
      expect(Object.keys(result!.data.errors)).toEqual(["phone"]);
      expectOnly(lang, result!.data.errors.phone);
    }
  });
});
