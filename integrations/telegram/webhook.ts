import { createHash, timingSafeEqual } from "node:crypto";

export const SECRET_HEADER = "x-telegram-bot-api-secret-token";

// Hashing first gives equal lengths, so the comparison takes the same time whatever was sent.
function sameSecret(given: string | null | undefined, expected: string) {
  if (typeof given !== "string") return false;
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

/**
 * A delivery is Telegram's only if both the random path segment and the secret_token
 * header (set with setWebhook) match; both compared in constant time.
 */
export function checkTelegramWebhook(options: {
  pathSegment: string | undefined;
  headerSecret: string | null;
  expectedPath: string;
  expectedSecret: string;
}): "ok" | "bad-path" | "bad-secret" {
  const pathOk = sameSecret(options.pathSegment, options.expectedPath);
  const secretOk = sameSecret(options.headerSecret, options.expectedSecret);
  if (!pathOk) return "bad-path";
  return secretOk ? "ok" : "bad-secret";
}

export function telegramWebhookUrl(options: { publicBaseUrl: string; path: string }) {
  return `${options.publicBaseUrl.replace(/\/+$/, "")}/webhooks/telegram/${options.path}`;
}
