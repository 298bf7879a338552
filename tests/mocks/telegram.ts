// msw handlers for the Telegram Bot API, answering with payloads shaped like the real ones
// and recording every call so tests can assert on what the bot sent.
import { http, HttpResponse } from "msw";

export type TelegramCall = { method: string; body: Record<string, unknown> };

export const TELEGRAM_API_ROOT = "https://api.telegram.org";
export const BOT_INFO = {
  id: 7000000001,
  is_bot: true as const,
  first_name: "Слов'янськ 15-80",
  username: "slv_1580_bot",
  can_join_groups: false,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
};

/**
 * A file the fake Telegram holds for getFile and the download at /file/bot<token>/<file_path>.
 * `getFileError` makes getFile answer that Bot API error instead (e.g. 400 "Bad Request: file
 * is too big"); `downloadStatus` makes the download answer that status; `dropDownload` drops
 * the connection.
 */
export type TelegramFileStub = {
  path?: string;
  bytes?: Uint8Array;
  size?: number;
  getFileError?: { code: number; description: string };
  downloadStatus?: number;
  dropDownload?: boolean;
};

export function createTelegramApi(root = TELEGRAM_API_ROOT) {
  const calls: TelegramCall[] = [];
  /** Files by file_id (getFile and the download); a file_id not here gets the default getFile answer. */
  const files = new Map<string, TelegramFileStub>();
  /** Chats whose user blocked the bot: sendMessage answers 403. */
  const blockedChats = new Set<string>();
  /** Chats that hit the flood limit: sendMessage answers 429 with this retry_after (s). */
  const floodedChats = new Map<string, number>();
  let messageId = 1000;
  /** This many next sendMessage calls go out to the chat, but the connection drops before Telegram's answer arrives. */
  let dropAnswers = 0;

  const ok = (result: unknown) => HttpResponse.json({ ok: true, result });
  const handlers = [
    http.post(`${root}/:bot/:method`, async ({ request, params }) => {
      const method = String(params.method);
      const body = ((await request.json().catch(() => ({}))) ?? {}) as Record<string, unknown>;
      calls.push({ method, body });
      const chatId = body.chat_id === undefined ? undefined : String(body.chat_id);
      switch (method) {
        case "getMe":
          return ok(BOT_INFO);
        case "sendMessage":
          if (chatId && blockedChats.has(chatId))
            return HttpResponse.json({ ok: false, error_code: 403, description: "Forbidden: bot was blocked by the user" }, { status: 403 });
          if (chatId && floodedChats.has(chatId))
            return HttpResponse.json(
              {
                ok: false,
                error_code: 429,
                description: `Too Many Requests: retry after ${floodedChats.get(chatId)}`,
                parameters: { retry_after: floodedChats.get(chatId) },
              },
              { status: 429 },
            );
          if (dropAnswers > 0) {
            dropAnswers--;
            messageId++;
            return HttpResponse.error();
          }
          return ok({
            message_id: ++messageId,
            from: { id: BOT_INFO.id, is_bot: true, first_name: BOT_INFO.first_name, username: BOT_INFO.username },
            chat: { id: Number(chatId), type: "private" },
            date: Math.floor(Date.now() / 1000),
            text: body.text,
            ...(body.reply_markup && typeof body.reply_markup === "object" && "inline_keyboard" in body.reply_markup
              ? { reply_markup: body.reply_markup }
              : {}),
          });
        case "editMessageText":
          return ok({
            message_id: body.message_id,
            from: { id: BOT_INFO.id, is_bot: true, first_name: BOT_INFO.first_name, username: BOT_INFO.username },
            chat: { id: Number(chatId), type: "private" },
            date: Math.floor(Date.now() / 1000),
            edit_date: Math.floor(Date.now() / 1000),
            text: body.text,
          });
        case "answerCallbackQuery":
        case "setWebhook":
        case "deleteWebhook":
          return ok(true);
        case "getFile": {
          const stub = files.get(String(body.file_id));
          if (stub?.getFileError)
            return HttpResponse.json(
              { ok: false, error_code: stub.getFileError.code, description: stub.getFileError.description },
              { status: stub.getFileError.code },
            );
          if (stub)
            return ok({
              file_id: body.file_id,
              file_unique_id: `u-${String(body.file_id).slice(-8)}`,
              file_size: stub.size ?? stub.bytes?.length ?? 0,
              ...(stub.path ? { file_path: stub.path } : {}),
            });
          return ok({
            file_id: body.file_id,
            file_unique_id: `u-${String(body.file_id).slice(-8)}`,
            file_size: 23145,
            file_path: `voice/file_${messageId}.oga`,
          });
        }
        default:
          return HttpResponse.json({ ok: false, error_code: 404, description: "Not Found" }, { status: 404 });
      }
    }),
    // Downloads of files getFile prepared: https://api.telegram.org/file/bot<token>/<file_path>.
    http.get(`${root}/file/:bot/*`, ({ request, params }) => {
      const filePath = new URL(request.url).pathname.split("/").slice(3).join("/");
      calls.push({ method: "file", body: { bot: String(params.bot), path: filePath } });
      const stub = [...files.values()].find((f) => f.path === filePath);
      if (!stub?.bytes) return HttpResponse.json({ ok: false, error_code: 404, description: "Not Found" }, { status: 404 });
      if (stub.dropDownload) return HttpResponse.error();
      if (stub.downloadStatus) return new HttpResponse(null, { status: stub.downloadStatus });
      return new HttpResponse(new Uint8Array(stub.bytes), { headers: { "Content-Type": "application/octet-stream" } });
    }),
  ];

  return {
    handlers,
    calls,
    blockedChats,
    floodedChats,
    files,
    sent: (chatId?: string) => calls.filter((c) => c.method === "sendMessage" && (chatId === undefined || String(c.body.chat_id) === chatId)),
    dropNextAnswers: (n = 1) => void (dropAnswers += n),
    clear: () => void calls.splice(0),
  };
}
