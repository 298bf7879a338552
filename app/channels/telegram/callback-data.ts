import { z } from "zod";

// callback_data of our inline buttons, typed. On the wire it is at most 64 bytes: a
// one-letter verb and an argument (a uuid is 36): "m:new", "c:<id>", "s:<score>:<id>".
// Decoding accepts what the buttons we sent carry; anything else is null ("a button we do
// not know"). Ids are not checked here: the step that uses one looks it up, as before.

const id = z.string();

export const CallbackDataSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("newRequest") }),
  z.object({ kind: z.literal("myRequests") }),
  z.object({ kind: z.literal("language") }),
  z.object({ kind: z.literal("category"), categoryId: id }),
  z.object({ kind: z.literal("categoryUp") }),
  z.object({ kind: z.literal("emergency") }),
  z.object({ kind: z.literal("skipLocation") }),
  z.object({ kind: z.literal("photosDone") }),
  z.object({ kind: z.literal("anonymous") }),
  z.object({ kind: z.literal("send") }),
  z.object({ kind: z.literal("cancel") }),
  z.object({ kind: z.literal("open"), requestId: id }),
  z.object({ kind: z.literal("addInfo"), requestId: id }),
  z.object({ kind: z.literal("handoffOrder"), requestId: id }),
  z.object({ kind: z.literal("resolvedYes"), requestId: id }),
  z.object({ kind: z.literal("resolvedNo"), requestId: id }),
  z.object({ kind: z.literal("answerTo"), requestId: id }),
  // A score outside 1–5 (or not a number) decodes; rating it is refused by the core.
  z.object({ kind: z.literal("rate"), requestId: id, score: z.union([z.number(), z.nan()]) }),
]);
export type CallbackData = z.infer<typeof CallbackDataSchema>;
export type CallbackKind = CallbackData["kind"];

const FIXED = {
  newRequest: "m:new",
  myRequests: "m:my",
  language: "m:lang",
  categoryUp: "c:up",
  emergency: "e:list",
  skipLocation: "l:skip",
  photosDone: "p:done",
  anonymous: "k:anon",
  send: "f:yes",
  cancel: "f:no",
} as const satisfies Partial<Record<CallbackKind, string>>;

const WITH_REQUEST = { open: "r", addInfo: "i", handoffOrder: "o", resolvedYes: "y", resolvedNo: "n", answerTo: "a" } as const;

export function encodeCallbackData(data: CallbackData): string {
  const d = CallbackDataSchema.parse(data);
  switch (d.kind) {
    case "category":
      return `c:${d.categoryId}`;
    case "rate":
      return `s:${d.score}:${d.requestId}`;
    case "open":
    case "addInfo":
    case "handoffOrder":
    case "resolvedYes":
    case "resolvedNo":
    case "answerTo":
      return `${WITH_REQUEST[d.kind]}:${d.requestId}`;
    default:
      return FIXED[d.kind];
  }
}

export function decodeCallbackData(raw: string | undefined | null): CallbackData | null {
  const data = raw ?? "";
  for (const [kind, value] of Object.entries(FIXED)) if (data === value) return { kind } as CallbackData;
  const [verb, ...rest] = data.split(":");
  const arg = rest.join(":");
  let decoded: unknown = null;
  if (verb === "c") decoded = { kind: "category", categoryId: arg };
  else if (verb === "s") decoded = { kind: "rate", score: Number(rest[0]), requestId: rest.slice(1).join(":") };
  else {
    const kind = (Object.keys(WITH_REQUEST) as (keyof typeof WITH_REQUEST)[]).find((k) => WITH_REQUEST[k] === verb);
    if (kind) decoded = { kind, requestId: arg };
  }
  const parsed = CallbackDataSchema.safeParse(decoded);
  return parsed.success ? parsed.data : null;
}

/** Shorthands for the buttons' data. */
export const CB = {
  newRequest: encodeCallbackData({ kind: "newRequest" }),
  myRequests: encodeCallbackData({ kind: "myRequests" }),
  language: encodeCallbackData({ kind: "language" }),
  categoryUp: encodeCallbackData({ kind: "categoryUp" }),
  emergency: encodeCallbackData({ kind: "emergency" }),
  skipLocation: encodeCallbackData({ kind: "skipLocation" }),
  photosDone: encodeCallbackData({ kind: "photosDone" }),
  anonymous: encodeCallbackData({ kind: "anonymous" }),
  send: encodeCallbackData({ kind: "send" }),
  cancel: encodeCallbackData({ kind: "cancel" }),
  category: (categoryId: string) => encodeCallbackData({ kind: "category", categoryId }),
  open: (requestId: string) => encodeCallbackData({ kind: "open", requestId }),
  addInfo: (requestId: string) => encodeCallbackData({ kind: "addInfo", requestId }),
  handoffOrder: (requestId: string) => encodeCallbackData({ kind: "handoffOrder", requestId }),
  resolvedYes: (requestId: string) => encodeCallbackData({ kind: "resolvedYes", requestId }),
  resolvedNo: (requestId: string) => encodeCallbackData({ kind: "resolvedNo", requestId }),
  answerTo: (requestId: string) => encodeCallbackData({ kind: "answerTo", requestId }),
  rate: (requestId: string, score: number) => encodeCallbackData({ kind: "rate", requestId, score }),
} as const;
