import type { z } from "zod";
import { AppError } from "#app/utils/errors.ts";

/** Validates a use case's input with its zod schema; the first problem becomes an AppError naming the field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = String(issue.path[0] ?? "");
  throw new AppError("VALIDATION", `${field ? field + ": " : ""}${issue.message}`, { field });
}
