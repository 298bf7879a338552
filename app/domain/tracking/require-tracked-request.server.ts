import { hashAccessToken, isAccessTokenFor } from "#app/domain/requests/access-token.server.ts";
import { getDb, type Tx } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";

/** The request a private tracking token opens, or NOT_FOUND (never says whether the number exists). */
export async function requireTrackedRequest(options: { token: string; tx?: Tx }) {
  const token = options.token.trim();
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw new AppError("NOT_FOUND", "errors:tracking.notFound");
  const request = await (options.tx ?? getDb()).request.findUnique({
    where: { accessTokenHash: hashAccessToken(token) },
    select: { id: true, number: true, status: true, citizenId: true, accessTokenHash: true },
  });
  if (!request || !isAccessTokenFor({ token, accessTokenHash: request.accessTokenHash })) throw new AppError("NOT_FOUND", "errors:tracking.notFound");
  return request;
}
