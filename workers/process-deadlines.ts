import type { Job } from "bullmq";
import { processDeadlineJob } from "#app/domain/deadlines/process-deadline-job.server.ts";
import { DeadlineJobSchema } from "#app/jobs/queues.server.ts";
import { parsePayload } from "./parse-payload.ts";

export async function processDeadlinesJob(job: Job) {
  const { deadlineId, phase } = parsePayload(DeadlineJobSchema, job.data);
  return processDeadlineJob({ deadlineId, phase });
}
