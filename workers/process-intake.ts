import type { Job } from "bullmq";
import { processInboundEvent } from "#app/domain/intake/process-inbound-event.server.ts";
import { IntakeJobSchema } from "#app/jobs/queues.server.ts";
import { parsePayload } from "./parse-payload.ts";

export async function processIntakeJob(job: Job) {
  const { inboundEventId } = parsePayload(IntakeJobSchema, job.data);
  return processInboundEvent({ inboundEventId });
}
