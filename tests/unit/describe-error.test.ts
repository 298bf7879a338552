// Errors are logged so they can be debugged (class, message, where) without what must
// never reach a log: tokens, secrets, e-mail addresses and full phone numbers.
import { describe, expect, test } from "vitest";
import { describeError } from "#app/utils/logger.server.ts";

describe("describeError", () => {
  test("keeps the class, message and where it happened", () => {
    const d = describeError(new TypeError("Cannot read properties of undefined (reading 'chat')"));
    expect(d.error).toBe("TypeError");
    expect(d.message).toContain("reading 'chat'");
    expect(d.stack).toMatch(/describe-error\.test\.ts/);
  });

  test("takes out a Bot API token, secrets, e-mails and phone numbers", () => {
    const d = describeError(
      new Error(
        "fetch https://api.telegram.org/bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/sendMessage failed for +380501234567 (olena@example.com) password=hunter2",
      ),
    );
    const text = JSON.stringify(d);
    for (const secret of ["AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw", "380501234567", "olena@example.com", "hunter2"]) expect(text).not.toContain(secret);
    expect(d.message).toContain("bot<token>");
    expect(d.message).toContain("+38050*****67");
  });

  test("record ids stay readable while a phone number beside them is masked", () => {
    const d = describeError(new Error("request c109d131-f5c2-4977-9b34-54ecfe50c135 from +380501234567: 12345678-1234-1234-1234-123456789012"));
    expect(d.message).toContain("c109d131-f5c2-4977-9b34-54ecfe50c135");
    expect(d.message).toContain("12345678-1234-1234-1234-123456789012");
    expect(d.message).toContain("+38050*****67");
    expect(d.message).not.toContain("380501234567");
  });

  test("anything thrown, not only Errors", () => {
    expect(describeError("boom")).toMatchObject({ error: "Error", message: "boom" });
    expect(describeError({ code: 42 })).toMatchObject({ message: '{"code":42}' });
  });
});
