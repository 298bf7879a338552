import { getDb } from "#app/utils/db.server.ts";

/** Every reply template, active first. */
export async function listReplyTemplates() {
  return getDb().replyTemplate.findMany({ orderBy: [{ active: "desc" }, { code: "asc" }] });
}
