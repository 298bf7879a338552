// zod's findings as translation keys: every issue becomes a Problem (field, key, params), so
// a use case's input check and a page's form check speak the same language as the rest of
// the core's errors. A schema may name its own key as the issue's message
// (`.regex(re, "errors:department.codeFormat")`); otherwise the issue's code decides.
import type { z } from "zod";
import type { $ZodErrorMap, $ZodIssue } from "zod/v4/core";
import { AppError, type ErrorKey, type Problem } from "#app/utils/errors.ts";

const KEY = /^errors:[A-Za-z0-9_.-]+$/;

/** Marks a missing value as "required" (zod itself calls it a wrong type). */
export const requiredErrorMap: $ZodErrorMap = (issue) => (issue.code === "invalid_type" && issue.input === undefined ? "errors:input.required" : undefined);

/** The field an issue is about: its path's names, without list positions ("location.lat", "coDepartmentCodes"). */
export function fieldOf(path: readonly PropertyKey[]): string {
  return path.filter((p): p is string => typeof p === "string").join(".");
}

function sizeKey(origin: unknown, small: boolean, limit: number): Problem["key"] {
  if (origin === "string") return limit <= 1 && small ? "errors:input.required" : small ? "errors:input.tooShort" : "errors:input.tooLong";
  if (origin === "array" || origin === "set" || origin === "map")
    return small ? (limit <= 1 ? "errors:input.chooseOne" : "errors:input.tooFew") : "errors:input.tooMany";
  if (origin === "date") return "errors:input.date";
  return small ? "errors:input.tooSmall" : "errors:input.tooLarge";
}

/** One zod issue as a key with its values. */
export function problemOf(issue: $ZodIssue): Problem {
  const field = fieldOf(issue.path);
  if (KEY.test(issue.message)) return { field, key: issue.message as ErrorKey };
  switch (issue.code) {
    case "too_small":
      return { field, key: sizeKey(issue.origin, true, Number(issue.minimum)), params: { minimum: Number(issue.minimum) } };
    case "too_big":
      return { field, key: sizeKey(issue.origin, false, Number(issue.maximum)), params: { maximum: Number(issue.maximum) } };
    case "invalid_type":
      if (issue.expected === "int") return { field, key: "errors:input.integer" };
      if (issue.expected === "number" || issue.expected === "bigint") return { field, key: "errors:input.number" };
      if (issue.expected === "date") return { field, key: "errors:input.date" };
      if (issue.expected === "boolean") return { field, key: "errors:input.yesNo" };
      return { field, key: "errors:input.invalid" };
    case "invalid_format":
      if (issue.format === "email") return { field, key: "errors:input.email" };
      if (issue.format === "url") return { field, key: "errors:input.url" };
      if (issue.format === "uuid" || issue.format === "guid") return { field, key: "errors:input.id" };
      if (issue.format === "datetime" || issue.format === "date" || issue.format === "time") return { field, key: "errors:input.date" };
      return { field, key: "errors:input.format" };
    case "invalid_value":
      return { field, key: "errors:input.choice" };
    case "invalid_union":
      return { field, key: field === "intent" ? "errors:input.unknownAction" : "errors:input.invalid" };
    case "unrecognized_keys":
      return { field, key: "errors:input.unknownKeys", params: { keys: issue.keys.join(", ") } };
    default:
      return { field, key: "errors:input.invalid" };
  }
}

/** One problem per field (the first zod found), in the order of the issues. */
export function problemsOf(issues: readonly $ZodIssue[]): Problem[] {
  const seen = new Set<string>();
  const out: Problem[] = [];
  for (const issue of issues) {
    const problem = problemOf(issue);
    if (seen.has(problem.field)) continue;
    seen.add(problem.field);
    out.push(problem);
  }
  return out;
}

/** Validates a use case's input with its zod schema; every field to fix becomes a VALIDATION AppError. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input, { error: requiredErrorMap });
  if (parsed.success) return parsed.data;
  throw invalidInput(parsed.error.issues as $ZodIssue[]);
}

/** The VALIDATION AppError for a list of zod issues. */
export function invalidInput(issues: readonly $ZodIssue[]): AppError {
  const problems = problemsOf(issues);
  return AppError.invalid(problems.length ? (problems as [Problem, ...Problem[]]) : [{ field: "", key: "errors:input.invalid" }]);
}
