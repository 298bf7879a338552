// An overloaded database that cannot start a transaction in time fails a request the same
// way a stopped one does (a 503 to try again, a job retried), while P2028's other meaning —
// a transaction used wrongly, a bug — stays a real failure.
import { describe, expect, test } from "vitest";
import { Prisma } from "#app/generated/prisma/client.ts";
import { isDatabaseUnavailableError } from "#app/utils/db-errors.ts";

const known = (code: string, message: string) => new Prisma.PrismaClientKnownRequestError(message, { code, clientVersion: "7" });

describe("the database being away", () => {
  test("a pool or transaction-start timeout under load counts as away", () => {
    expect(isDatabaseUnavailableError(known("P2028", "Transaction API error: Unable to start a transaction in the given time."))).toBe(true);
    expect(
      isDatabaseUnavailableError(
        known(
          "P2028",
          "Transaction API error: A query cannot be executed on an expired transaction. The timeout for this transaction was 5000 ms, however 5100 ms passed",
        ),
      ),
    ).toBe(true);
    expect(isDatabaseUnavailableError(known("P2024", "Timed out fetching a new connection from the connection pool."))).toBe(true);
    expect(isDatabaseUnavailableError(known("P1001", "Can't reach database server at 127.0.0.1:5432"))).toBe(true);
  });

  test("a transaction used wrongly (a bug) or a refused query is not", () => {
    expect(
      isDatabaseUnavailableError(known("P2028", "Transaction API error: Transaction already closed: A commit cannot be executed on a committed transaction.")),
    ).toBe(false);
    expect(isDatabaseUnavailableError(known("P2002", "Unique constraint failed"))).toBe(false);
    expect(isDatabaseUnavailableError(new Error("boom"))).toBe(false);
  });
});
