// Remix hands every loader/action/route error to handleError. A stranger's 404 or a POST
// to a page without a form must not write a stack trace each (a disk-filling lever);
// a real failure is one JSON line without the query string.
import { afterEach, describe, expect, test, vi } from "vitest";
import { handleError } from "#app/entry.server.tsx";

function stderrLines(run: () => void): string[] {
  const lines: string[] = [];
  const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  try {
    run();
  } finally {
    spy.mockRestore();
  }
  return lines;
}

// The shape Remix's router gives for "no route" / "no action" (an ErrorResponse).
function errorResponse(status: number, statusText: string) {
  return { status, statusText, internal: true, data: `Error: ${statusText}`, error: new Error(statusText) };
}

describe("server error logging", () => {
  afterEach(() => vi.restoreAllMocks());
  const args = (url: string) => ({ request: new Request(url, { method: "POST" }), params: {}, context: {} });

  test("a client's 404 or 405 writes nothing", () => {
    expect(stderrLines(() => handleError(errorResponse(404, "Not Found"), args("http://x/no-such")))).toEqual([]);
    expect(stderrLines(() => handleError(errorResponse(405, "Method Not Allowed"), args("http://x/api/streets")))).toEqual([]);
  });

  test("a real failure is one JSON line naming the path, never the query", () => {
    const lines = stderrLines(() => handleError(new TypeError("boom"), args("http://x/report?phone=%2B380501234567")));
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0]!) as Record<string, string>;
    expect(entry).toMatchObject({ level: "error", path: "/report", error: "TypeError", message: "boom" });
    expect(lines[0]).not.toContain("380501234567");
  });
});
