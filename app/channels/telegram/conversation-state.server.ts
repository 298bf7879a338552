import { z } from "zod";
import { getTelegramRedis, telegramKey } from "./telegram-redis.server.ts";

// A chat's place in a conversation, kept in Redis so a restarted bot (or another process)
// continues where the citizen left off. Drafts expire after a week of silence.
const STATE_TTL_SECONDS = 7 * 24 * 3600;

export const TelegramFileRefSchema = z.object({
  kind: z.enum(["photo", "voice"]),
  fileId: z.string(),
  fileUniqueId: z.string(),
  mimeType: z.string(),
  size: z.number().int().nonnegative(),
  filePath: z.string().optional(),
});
export type TelegramFileRef = z.infer<typeof TelegramFileRefSchema>;

export const DraftSchema = z.object({
  parentCategoryId: z.string().nullable().default(null),
  categoryCode: z.string().optional(),
  description: z.string().optional(),
  lat: z.number().optional(),
  lon: z.number().optional(),
  address: z.string().optional(),
  files: z.array(TelegramFileRefSchema).default([]),
  phone: z.string().optional(),
  anonymous: z.boolean().optional(),
  fullName: z.string().optional(),
  residence: z.string().optional(),
  /** The category choice shows the emergency categories (the "emergency" entry was pressed). */
  emergencyList: z.boolean().optional(),
  /** The category whose emergency notice the chat has already been shown (said once, at once). */
  noticeShownFor: z.string().optional(),
});
export type Draft = z.infer<typeof DraftSchema>;

export const STEPS = [
  "idle",
  "category",
  "description",
  "location",
  "photos",
  "contact",
  "code",
  "fullName",
  "residence",
  "confirm",
  "addInfo",
  "handoffOrder",
] as const;
export type Step = (typeof STEPS)[number];

export const ChatStateSchema = z.object({
  lang: z.enum(["uk", "en"]),
  step: z.enum(STEPS),
  draft: DraftSchema.optional(),
  /** The request the next text goes to (add information, or its iGov order id). */
  targetRequestId: z.string().optional(),
  /** The pending one-time code for a number the chat typed (step "code"). */
  verificationId: z.string().optional(),
  /**
   * Where messages at rest go for a while (epoch ms until): the request the citizen just
   * said was not solved, so "it still leaks" reaches it instead of starting a new request.
   */
  replyTo: z.object({ requestId: z.string(), until: z.number() }).optional(),
  /** A message held while the citizen picks which of several waiting requests it answers. */
  pendingAnswer: z
    .object({
      text: z.string(),
      externalMessageId: z.string(),
      files: z.array(z.object({ kind: z.enum(["photo", "voice"]), fileId: z.string(), mimeType: z.string(), size: z.number() })),
    })
    .optional(),
  /**
   * The last long text (Telegram splits one over 4,096 characters into consecutive
   * messages): its date (Telegram's, seconds), length, and where it went, so the next part
   * follows it instead of being taken as the answer to the next question.
   */
  /**
   * The album (Telegram's media_group_id: several photos sent at once arrive as separate
   * messages) the last message belonged to, and the request it went to: the rest follows it.
   */
  album: z.object({ id: z.string(), requestId: z.string().optional() }).optional(),
  /** The draft's step to return to once the citizen has answered staff in the middle of it. */
  resumeStep: z.enum(STEPS).optional(),
  lastText: z.object({ date: z.number(), length: z.number(), requestId: z.string().optional(), spaceAfter: z.boolean().optional() }).optional(),
});
export type ChatState = z.infer<typeof ChatStateSchema>;

export async function getChatState(options: { chatId: string }): Promise<ChatState | null> {
  const raw = await getTelegramRedis().get(telegramKey("state", options.chatId));
  if (!raw) return null;
  const parsed = ChatStateSchema.safeParse(JSON.parse(raw));
  return parsed.success ? parsed.data : null;
}

export async function saveChatState(options: { chatId: string; state: ChatState }) {
  await getTelegramRedis().set(telegramKey("state", options.chatId), JSON.stringify(options.state), "EX", STATE_TTL_SECONDS);
}
