import type { Job } from "bullmq";
import { keepCalendarAhead } from "#app/domain/calendar/generate-calendar-years.server.ts";
import { fetchPendingPhoneMedia } from "#app/domain/attachments/fetch-phone-media.server.ts";
import { transcribePendingAudio } from "#app/domain/attachments/transcribe-audio.server.ts";
import { fetchPendingTelegramMedia } from "#app/domain/attachments/fetch-telegram-media.server.ts";
import { sweepDeadlines } from "#app/domain/deadlines/sweep-deadlines.server.ts";
import { pollHandoffs } from "#app/domain/handoff/poll-handoffs.server.ts";
import { syncCatalogue } from "#app/domain/handoff/sync-catalogue.server.ts";
import { redriveInterruptedSends, redriveStuckWork } from "#app/domain/maintenance/redrive-stuck-work.server.ts";
import { autoCloseResolved } from "#app/domain/requests/auto-close-resolved.server.ts";
import { pruneStaffSessions } from "#app/domain/staff/prune-staff-sessions.server.ts";
import { MaintenanceJobSchema } from "#app/jobs/queues.server.ts";
import { parsePayload } from "./parse-payload.ts";

export async function processMaintenanceJob(job: Job) {
  const { task } = parsePayload(MaintenanceJobSchema, job.data);
  switch (task) {
    case "sweep-deadlines":
      return sweepDeadlines({});
    case "redrive":
      return redriveStuckWork({});
    case "recover-sends":
      return redriveInterruptedSends({});
    case "auto-close":
      return autoCloseResolved({});
    case "sync-catalogue":
      return syncCatalogue({});
    case "poll-handoffs":
      return pollHandoffs({});
    case "fetch-media":
      // MMS and recordings from Twilio, photos and voice notes from Telegram; then what was said in the audio.
      return { phone: await fetchPendingPhoneMedia({}), telegram: await fetchPendingTelegramMedia({}), speech: await transcribePendingAudio({}) };
    case "prune-sessions":
      return pruneStaffSessions({});
    case "calendar-years":
      return keepCalendarAhead({});
  }
}
