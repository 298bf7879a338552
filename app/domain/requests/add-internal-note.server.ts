import { getDb } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { requireRequestAccess, type StaffActor } from "./request-access.server.ts";

/** An internal note (staff only); co-executors may comment too. */
export async function addInternalNote(options: { actor: StaffActor; requestId: string; text: string }) {
  const text = options.text?.trim() ?? "";
  if (!text) throw new AppError("VALIDATION", "errors:request.noteRequired", { field: "text" });
  if (text.length > 5000) throw new AppError("VALIDATION", "errors:request.noteTooLong", { field: "text", params: { max: 5000 } });
  const access = await requireRequestAccess({ actor: options.actor, requestId: options.requestId, level: "view" });
  const event = await getDb().requestEvent.create({
    data: { requestId: access.id, type: "note", actorType: "STAFF", actorId: options.actor.id, isPublic: false, data: { text } },
  });
  return { eventId: String(event.id) };
}
