// Every id in the database is a UUID; anything else from outside is not an id of ours and
// must never reach a query as one (PostgreSQL refuses it with an error, not "not found").
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Is `value` a UUID, the shape of every id in the database? */
export function isUuid(value: unknown): value is string {
  return typeof value === "string" && UUID.test(value);
}

/** The id in `value` when it is a UUID, else null. */
export function parseId(value: unknown): string | null {
  return isUuid(value) ? value.toLowerCase() : null;
}
