// The one way a route action reads its form: conform's parseWithZod turns the FormData into
// the schema's typed value (empty inputs are "not given", checkboxes booleans, numbers
// numbers), and every field to fix becomes one VALIDATION AppError, which the page shows
// through toUserError like any other error.
import { parseWithZod } from "@conform-to/zod/v4";
import type { z } from "zod";
import type { $ZodIssue } from "zod/v4/core";
import { invalidInput, requiredErrorMap } from "./parse-input.ts";

// Our forms use plain input names. Names conform would read as paths ("a.b", "a[0]") or
// reserves for its browser-side intents ("__intent__", "__state__") cannot come from them.
const PLAIN_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,99}$/;

/**
 * The form as the schema's output, or a VALIDATION AppError naming every field to fix. An
 * empty input is not given at all (so `.optional()` and `.default()` apply, and an empty
 * option of a multi-select is no choice); a checkbox is `z.boolean().default(false)`.
 */
export function parseForm<S extends z.ZodType>(form: FormData | URLSearchParams, schema: S): z.output<S> {
  const payload = new FormData();
  for (const [name, value] of form) if (PLAIN_NAME.test(name) && value !== "") payload.append(name, value);
  const submission = parseWithZod(payload, { schema, error: requiredErrorMap, formatError: (issues: $ZodIssue[]) => issues });
  if (submission.status === "success") return submission.value as z.output<S>;
  throw invalidInput(Object.values(submission.error ?? {}).flatMap((issues) => issues ?? []));
}
