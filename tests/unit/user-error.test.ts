// toUserError is the one place an error becomes what a person reads: the key of an AppError
// in the request's language, a general input problem named by its label, problems placed
// next to the page's inputs, a database refusal as a 400, and a bug left a bug.
import { describe, expect, test } from "vitest";
import { z } from "zod";
import { Prisma } from "#app/generated/prisma/client.ts";
import { assertTransition } from "#app/domain/requests/status-machine.ts";
import { AppError } from "#app/utils/errors.ts";
import { parseForm } from "#app/utils/form.server.ts";
import { parseInput } from "#app/utils/parse-input.ts";
import { formErrorsOf, throwAsResponse, toUserError } from "#app/utils/user-error.server.ts";

const CYRILLIC = /[\u0400-\u04FF]/;

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error("expected a throw");
}

function form(fields: Record<string, string | string[]>) {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) data.append(name, v);
  return data;
}

describe("an AppError's key, rendered in the reader's language", () => {
  const taken = new AppError("CONFLICT", "errors:department.codeTaken", { field: "code", params: { code: "parks" } });

  test("a key with a placeholder renders in Ukrainian and in English; the log message is English", () => {
    const uk = toUserError(taken, "uk");
    expect(uk).toMatchObject({ status: 409, code: "CONFLICT", field: "code", formError: null });
    expect(uk.message).toBe("Підрозділ із кодом «parks» уже існує. Оберіть інший код.");
    expect(uk.fieldErrors).toEqual({ code: uk.message });
    const en = toUserError(taken, "en");
    expect(en.message).toBe('A department with the code "parks" already exists. Choose another code.');
    expect(en.message).not.toMatch(CYRILLIC);
    expect(taken.message).toBe(en.message);
  });

  test("a placeholder that is itself a text (a status name) is translated too", () => {
    const e = caught(() => assertTransition("RESOLVED", "ASSIGNED"));
    expect(toUserError(e, "uk")).toMatchObject({ status: 409, message: expect.stringContaining("у статусі «Виконано»") });
    expect(toUserError(e, "en").message).toContain('the request is now "Resolved"');
  });

  test("a field the page has no input for is shown for the whole form", () => {
    const e = AppError.invalid([
      { field: "description", key: "errors:report.descriptionRequired" },
      { field: "idempotencyKey", key: "errors:input.required" },
    ]);
    const pageInputs = (field: string) => (field === "description" ? field : null);
    const shown = toUserError(e, "uk", { fieldName: pageInputs });
    expect(shown.fieldErrors).toEqual({ description: "Опишіть проблему." });
    expect(shown.formError).toBe("Заповніть це поле.");
    expect(formErrorsOf(shown)).toEqual({ description: "Опишіть проблему.", form: "Заповніть це поле." });
    // Without a label for it, an unknown field is not named at all (never by its code name).
    expect(toUserError(e, "uk", { labels: "admin:fields" }).message).toBe("Опишіть проблему. Заповніть це поле.");
  });

  test("the core's field names can be renamed to the page's", () => {
    const e = new AppError("VALIDATION", "errors:contact.phoneInvalid", { field: "citizen.phone" });
    const shown = toUserError(e, "en", { fieldName: (field) => (field === "citizen.phone" ? "phone" : field) });
    expect(shown).toMatchObject({ field: "phone", fieldErrors: { phone: "Check the phone number, e.g. 050 123 45 67 or +380501234567." } });
  });

  test("a value the database refused is a 400 in the reader's language", () => {
    const refused = new Prisma.PrismaClientKnownRequestError("invalid input syntax for type uuid", {
      code: "P2007",
      clientVersion: "7",
      meta: { driverAdapterError: { cause: { originalCode: "22P02" } } },
    });
    expect(toUserError(refused, "uk")).toMatchObject({ status: 400, code: "VALIDATION", field: null, message: expect.stringMatching(CYRILLIC) });
    expect(toUserError(refused, "en").message).toBe("One of the values cannot be used. Check what you entered and try again.");
  });

  test("anything else is a bug: rethrown as it was (a 500), also from throwAsResponse", () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'id')");
    expect(caught(() => toUserError(bug, "uk"))).toBe(bug);
    expect(caught(() => throwAsResponse(bug, "en"))).toBe(bug);
    const down = new Prisma.PrismaClientKnownRequestError("Can't reach database server", { code: "P1001", clientVersion: "7" });
    expect(caught(() => toUserError(down, "uk"))).toBe(down);
  });

  test("throwAsResponse answers a loader's error with its status and text", async () => {
    const response = caught(() => throwAsResponse(new AppError("NOT_FOUND", "errors:request.notFound"), "en"));
    expect(response).toBeInstanceOf(Response);
    expect((response as Response).status).toBe(404);
    expect(await (response as Response).text()).toBe("Request not found.");
  });
});

describe("zod's findings as keys", () => {
  const Schema = z.discriminatedUnion("intent", [
    z.object({
      intent: z.literal("create"),
      code: z.string().regex(/^[a-z0-9][a-z0-9-]{1,39}$/, "errors:department.codeFormat"),
      nameUk: z.string().min(2),
      nameEn: z.string().max(5),
      phone: z.string().optional(),
      email: z.string().email().optional(),
      slaAmount: z.number().int().optional(),
      active: z.boolean().default(false),
      codes: z.array(z.string()).default([]),
    }),
    z.object({ intent: z.literal("delete"), departmentId: z.string().uuid() }),
  ]);

  test("parseForm names every field to fix, labelled in the form-level sentence and bare next to the input", () => {
    const e = caught(() => parseForm(form({ intent: "create", code: "Bad Code!", nameEn: "Water supply", email: "nope", slaAmount: "1.5" }), Schema));
    const uk = toUserError(e, "uk", { labels: "admin:fields" });
    expect(uk.status).toBe(400);
    expect(uk.fieldErrors).toEqual({
      code: expect.stringMatching(/^Код має складатися з/),
      nameUk: "Заповніть це поле.",
      nameEn: "Занадто довго: скоротіть до 5 симв.",
      email: "Перевірте адресу електронної пошти: наприклад, name@example.com.",
      slaAmount: "Вкажіть ціле число.",
    });
    expect(uk.message).toContain("Поле «Назва українською»: заповніть це поле.");
    expect(uk.message).toContain("Поле «Кількість»: вкажіть ціле число.");
    const en = toUserError(e, "en", { labels: "admin:fields" });
    expect(en.message).toContain("Field “Name in Ukrainian”: fill in this field.");
    expect(en.message).not.toMatch(CYRILLIC);
  });

  test("parseForm reads empty inputs as not given, checkboxes as booleans, repeated inputs as lists", () => {
    expect(
      parseForm(form({ intent: "create", code: "parks", nameUk: "Парки", nameEn: "Parks", phone: "", codes: ["a", "", "b"], active: "on" }), Schema),
    ).toEqual({
      intent: "create",
      code: "parks",
      nameUk: "Парки",
      nameEn: "Parks",
      active: true,
      codes: ["a", "b"],
    });
  });

  test("an unknown intent, a malformed id and hostile names are input problems, not crashes", () => {
    expect(
      toUserError(
        caught(() => parseForm(form({ intent: "drop" }), Schema)),
        "en",
      ).message,
    ).toBe("Unknown action. Reload the page and try again.");
    expect(
      toUserError(
        caught(() => parseForm(form({ intent: "delete", departmentId: "1" }), Schema)),
        "uk",
      ).fieldErrors,
    ).toEqual({
      departmentId: "Такого запису немає: оновіть сторінку й оберіть зі списку.",
    });
    // Names conform reserves or reads as paths never reach it.
    const hostile = form({ intent: "delete", departmentId: "00000000-0000-4000-8000-000000000000", __state__: "{nope", __intent__: "x", "a.b": "c" });
    hostile.append("__proto__", "x");
    expect(parseForm(hostile, Schema)).toEqual({ intent: "delete", departmentId: "00000000-0000-4000-8000-000000000000" });
  });

  test("parseInput (a use case's own check) speaks the same keys", () => {
    const e = caught(() => parseInput(z.object({ location: z.object({ lat: z.number().max(90) }) }), { location: { lat: 123 } }));
    expect(e).toMatchObject({ code: "VALIDATION", field: "location.lat", key: "errors:input.tooLarge", params: { maximum: 90 } });
    expect(toUserError(e, "uk").message).toBe("Число має бути не більше 90.");
  });
});
