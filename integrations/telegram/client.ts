// A small typed Bot API client over fetch. Config is passed in (this folder imports nothing
// from app/). The token only ever appears in the request URL, which we never log.
import { readLimited } from "#integrations/read-limited.ts";
import { z } from "zod";
import { failedBeforeSending } from "#integrations/network-errors.ts";
import { classifyTelegramError, TelegramApiError } from "./errors.ts";
import {
  ApiResponseSchema,
  BotInfoSchema,
  FileSchema,
  RawUpdateSchema,
  SentMessageSchema,
  type RawUpdate,
  type ReplyMarkup,
  type TelegramBotInfo,
  type TelegramFile,
} from "./schemas.ts";

export type TelegramClientConfig = {
  token: string;
  /** Default https://api.telegram.org; a self-hosted Bot API server works the same. */
  apiRoot?: string;
  /** Abort a call after this long (the notifications lease is minutes; stay far below). */
  timeoutMs?: number;
};

export type SendMessageOptions = {
  chatId: number | string;
  text: string;
  replyMarkup?: ReplyMarkup;
  /** A shorter deadline than the client's (the notifications outbox keeps its sends short). */
  timeoutMs?: number;
};

/** Per call: a longer deadline (long polling) and a signal to abort it (shutdown). */
export type CallOptions = { timeoutMs?: number; signal?: AbortSignal };

export type TelegramClient = {
  call(method: string, params: Record<string, unknown>, options?: CallOptions): Promise<unknown>;
  sendMessage(options: SendMessageOptions): Promise<{ messageId: number; chatId: number }>;
  editMessageText(options: { chatId: number | string; messageId: number; text: string; replyMarkup?: ReplyMarkup }): Promise<void>;
  answerCallbackQuery(options: { callbackQueryId: string; text?: string }): Promise<void>;
  getFile(options: { fileId: string }): Promise<TelegramFile>;
  /**
   * The bytes of a file getFile prepared (`file_path`), read up to `maxBytes`. Throws
   * TelegramFileError; the error never carries the URL (it holds the token).
   */
  downloadFile(options: { filePath: string; maxBytes: number; timeoutMs?: number }): Promise<Buffer>;
  setWebhook(options: { url: string; secretToken: string; allowedUpdates?: string[] }): Promise<void>;
  deleteWebhook(): Promise<void>;
  getMe(): Promise<TelegramBotInfo>;
  /**
   * Long polling: updates after `offset` (the last update_id seen + 1), waiting up to
   * `timeoutSeconds` for one. Each update is returned as Telegram sent it (unknown fields
   * kept), checked only for its update_id.
   */
  getUpdates(options: { offset?: number; timeoutSeconds?: number; allowedUpdates?: string[]; limit?: number; signal?: AbortSignal }): Promise<RawUpdate[]>;
};

/**
 * Why a file could not be downloaded: "too-large" (over the caller's limit), "temporary"
 * (network, 429, 5xx, or 404: a file_path is valid for at least an hour, so the next try
 * asks getFile again), "refused" (a file_path we will not request, any other answer).
 */
export class TelegramFileError extends Error {
  readonly reason: "too-large" | "temporary" | "refused";
  constructor(reason: "too-large" | "temporary" | "refused", message: string) {
    super(message);
    this.name = "TelegramFileError";
    this.reason = reason;
  }
  get retryable() {
    return this.reason === "temporary";
  }
}

// What getFile gives as file_path: "photos/file_12.jpg", "voice/file_3.oga".
const FILE_PATH = /^(?!.*\.\.)[A-Za-z0-9_-][A-Za-z0-9_./-]{0,255}$/;

export function createTelegramClient(config: TelegramClientConfig): TelegramClient {
  const root = (config.apiRoot ?? "https://api.telegram.org").replace(/\/+$/, "");
  const timeoutMs = config.timeoutMs ?? 15_000;

  async function call(method: string, params: Record<string, unknown>, options: CallOptions = {}): Promise<unknown> {
    let res: Response;
    const deadline = AbortSignal.timeout(options.timeoutMs ?? timeoutMs);
    try {
      res = await fetch(`${root}/bot${config.token}/${method}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(params),
        signal: options.signal ? AbortSignal.any([deadline, options.signal]) : deadline,
      });
    } catch (e) {
      // Network or timeout: the error text may echo the URL (and so the token); drop it.
      throw new TelegramApiError({ kind: "unavailable", method, description: (e as Error).name, uncertain: !failedBeforeSending(e) });
    }
    const body = ApiResponseSchema.safeParse(await res.json().catch(() => null));
    // An answer we cannot read (a proxy's error page, a cut-off body) does not say the call failed.
    if (!body.success)
      throw classifyTelegramError({
        method,
        errorCode: res.status >= 400 ? res.status : 502,
        description: "unreadable answer",
        uncertain: res.status < 400 || res.status >= 500,
      });
    if (!body.data.ok)
      throw classifyTelegramError({
        method,
        errorCode: body.data.error_code ?? res.status,
        description: body.data.description,
        retryAfterSeconds: body.data.parameters?.retry_after,
      });
    return body.data.result;
  }

  return {
    call,
    async sendMessage({ chatId, text, replyMarkup, timeoutMs: deadlineMs }) {
      const sent = SentMessageSchema.parse(
        await call(
          "sendMessage",
          { chat_id: chatId, text, ...(replyMarkup ? { reply_markup: replyMarkup } : {}) },
          deadlineMs ? { timeoutMs: deadlineMs } : {},
        ),
      );
      return { messageId: sent.message_id, chatId: sent.chat.id };
    },
    async editMessageText({ chatId, messageId, text, replyMarkup }) {
      try {
        await call("editMessageText", {
          chat_id: chatId,
          message_id: messageId,
          text,
          ...(replyMarkup ? { reply_markup: replyMarkup } : {}),
        });
      } catch (e) {
        // Pressing the same button twice edits to the same text: Telegram calls that an error; it is not one.
        if (e instanceof TelegramApiError && e.kind === "bad-request" && /not modified/i.test(e.message)) return;
        throw e;
      }
    },
    async answerCallbackQuery({ callbackQueryId, text }) {
      await call("answerCallbackQuery", { callback_query_id: callbackQueryId, ...(text ? { text } : {}) });
    },
    async getFile({ fileId }) {
      return FileSchema.parse(await call("getFile", { file_id: fileId }));
    },
    async downloadFile({ filePath, maxBytes, timeoutMs: deadlineMs }) {
      if (!FILE_PATH.test(filePath)) throw new TelegramFileError("refused", "unexpected file_path");
      let res: Response;
      try {
        // Files live at <root>/file/bot<token>/<file_path> (Bot API, getFile), up to 20 MB.
        res = await fetch(`${root}/file/bot${config.token}/${filePath}`, { redirect: "manual", signal: AbortSignal.timeout(deadlineMs ?? 30_000) });
      } catch (e) {
        throw new TelegramFileError("temporary", `file download failed: ${(e as Error).name}`);
      }
      if (res.status !== 200) {
        void res.body?.cancel().catch(() => undefined);
        const temporary = res.status === 404 || res.status === 429 || res.status >= 500;
        throw new TelegramFileError(temporary ? "temporary" : "refused", `file download answered ${res.status}`);
      }
      const declared = Number(res.headers.get("content-length") ?? "");
      if (Number.isFinite(declared) && declared > maxBytes) {
        void res.body?.cancel().catch(() => undefined);
        throw new TelegramFileError("too-large", "file larger than allowed");
      }
      return readLimited(res, {
        maxBytes: maxBytes,
        readFailed: (e) => new TelegramFileError("temporary", `file read failed: ${(e as Error).name}`),
        tooLarge: () => new TelegramFileError("too-large", "file larger than allowed"),
      });
    },
    async setWebhook({ url, secretToken, allowedUpdates }) {
      z.literal(true).parse(
        await call("setWebhook", {
          url,
          secret_token: secretToken,
          allowed_updates: allowedUpdates ?? ["message", "edited_message", "callback_query"],
          drop_pending_updates: false,
        }),
      );
    },
    async deleteWebhook() {
      await call("deleteWebhook", { drop_pending_updates: false });
    },
    async getMe() {
      return BotInfoSchema.parse(await call("getMe", {}));
    },
    async getUpdates({ offset, timeoutSeconds = 30, allowedUpdates, limit, signal }) {
      const result = await call(
        "getUpdates",
        {
          ...(offset !== undefined ? { offset } : {}),
          timeout: timeoutSeconds,
          ...(limit !== undefined ? { limit } : {}),
          ...(allowedUpdates ? { allowed_updates: allowedUpdates } : {}),
        },
        // Telegram holds the request up to timeoutSeconds: allow that plus the usual margin.
        { timeoutMs: timeoutSeconds * 1000 + timeoutMs, signal },
      );
      return z.array(RawUpdateSchema).parse(result);
    },
  };
}
