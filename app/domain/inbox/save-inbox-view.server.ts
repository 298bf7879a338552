import { getDb } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { inboxQueryString, parseInboxQuery } from "./inbox-filters.ts";
import type { StaffActor } from "#app/domain/requests/request-access.server.ts";

/** Saves the inbox query under a name for this staff member (same name: replaced). */
export async function saveInboxView(options: { actor: StaffActor; name: string; query: string }) {
  const name = options.name.trim();
  if (!name || name.length > 80) throw new AppError("VALIDATION", "errors:inbox.viewNameRequired", { field: "name" });
  // Stored normalised, so a saved view never carries stray parameters.
  const { page: _page, ...query } = parseInboxQuery(new URLSearchParams(options.query.replace(/^\?/, "")));
  const qs = inboxQueryString(query);
  return getDb().savedView.upsert({
    where: { staffUserId_name: { staffUserId: options.actor.id, name } },
    create: { staffUserId: options.actor.id, name, query: qs },
    update: { query: qs },
    select: { id: true, name: true, query: true },
  });
}
