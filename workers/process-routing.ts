import type { Job } from "bullmq";
import { routeRequest } from "#app/domain/requests/route-request.server.ts";
import { RoutingJobSchema } from "#app/jobs/queues.server.ts";
import { parsePayload } from "./parse-payload.ts";

export async function processRoutingJob(job: Job) {
  const { requestId } = parsePayload(RoutingJobSchema, job.data);
  return routeRequest({ requestId });
}
