import { UnrecoverableError } from "bullmq";
import type { z } from "zod";

/** A payload that does not parse will never parse: fail the job for good instead of retrying it. */
export function parsePayload<S extends z.ZodType>(schema: S, data: unknown): z.output<S> {
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw new UnrecoverableError(`invalid payload: ${parsed.error.issues.map((i) => i.path.join(".")).join(", ")}`);
  return parsed.data;
}
