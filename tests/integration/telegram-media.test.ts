// Photos and voice notes a citizen sent through Telegram are fetched by the maintenance
// worker ("fetch-media": getFile, then the download at /file/bot<token>/<file_path>),
// checked and stored by us, so staff and the tracking page can see and hear them. The Bot
// API is faked with msw, answering the way it does (getFile's File object, its 400s, the
// file bytes).
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Job } from "bullmq";
import sharp from "sharp";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from "vitest";
import { wakeTelegramMediaFetcher } from "#app/domain/attachments/fetch-telegram-media.server.ts";
import { deriveAccessToken } from "#app/domain/requests/access-token.server.ts";
import { addCitizenMessage } from "#app/domain/requests/add-citizen-message.server.ts";
import { submitTelegramRequest } from "#app/domain/requests/submit-telegram-request.server.ts";
import { getQueue } from "#app/jobs/queues.server.ts";
import { loader as attachmentLoader } from "#app/routes/attachments.$id.ts";
import { getDb } from "#app/utils/db.server.ts";
import { resetEnvForTests } from "#app/utils/env.server.ts";
import { processMaintenanceJob } from "#workers/process-maintenance.ts";
import { SCHEDULES } from "#workers/start-workers.ts";
import { server } from "#tests/mocks/server.ts";
import { createTelegramApi } from "#tests/mocks/telegram.ts";

const TOKEN = "7000000001:AAF-media-test-token_0123456789abcd";
const uploadDir = mkdtempSync(path.join(tmpdir(), "slv-tg-media-"));
const tg = createTelegramApi();
const db = () => getDb();
let seq = 0;
const fileId = (kind: string) => `AgACAgIAAxkBAAI${kind}${randomBytes(6).toString("hex")}`;
const ogg = Buffer.concat([Buffer.from("OggS"), Buffer.from([0, 2]), Buffer.alloc(22, 0), Buffer.from([1, 19]), Buffer.from("OpusHead"), Buffer.alloc(300, 7)]);
let bigJpeg: Buffer;

/** The worker's step, as the maintenance queue runs it. */
const runWorker = () =>
  processMaintenanceJob({ data: { task: "fetch-media" } } as Job) as Promise<{ telegram: { stored: number; unavailable: number; waiting: number } }>;
const downloads = () => tg.calls.filter((c) => c.method === "file");

/** A request from the Telegram wizard with these files, as the channel submits it. */
async function submitWith(files: { kind: "photo" | "voice"; fileId: string; mimeType?: string }[]) {
  const chatId = String(555_300_000 + ++seq);
  const { request } = await submitTelegramRequest({
    chatId,
    updateId: 900_000_000 + seq,
    draft: { description: "Яма на дорозі біля школи", files: files.map((f) => ({ ...f, mimeType: f.mimeType ?? "image/jpeg", size: 1000 })) },
    lang: "uk",
    isAppeal: false,
  });
  const attachments = await db().attachment.findMany({ where: { requestId: request.id }, orderBy: { createdAt: "asc" } });
  return { request, chatId, attachments };
}

// Everything the app writes to its logs while the worker runs: the token must never be there.
let logged = "";
beforeAll(async () => {
  Object.assign(process.env, { TELEGRAM_BOT_TOKEN: TOKEN, UPLOAD_DIR: uploadDir, MAX_UPLOAD_MB: "1", LOG_LEVEL: "info" });
  resetEnvForTests();
  // A 2400×1800 camera photo with EXIF (a GPS position of the citizen's home).
  bigJpeg = await sharp({ create: { width: 2400, height: 1800, channels: 3, background: { r: 30, g: 90, b: 160 } } })
    .withExif({ IFD0: { Make: "PhoneCam" }, IFD3: { GPSLatitudeRef: "N", GPSLatitude: "48/1 51/1 0/1" } })
    .jpeg({ quality: 60 })
    .toBuffer();
  expect((await sharp(bigJpeg).metadata()).exif).toBeDefined();
});
beforeEach(() => {
  server.use(...tg.handlers);
  tg.clear();
  tg.files.clear();
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream);
    vi.spyOn(stream, "write").mockImplementation(((chunk: string | Uint8Array, ...rest: unknown[]) => {
      logged += String(chunk);
      return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write);
  }
});
afterEach(() => {
  vi.restoreAllMocks();
  expect(logged).not.toContain(TOKEN);
  expect(logged).not.toContain(TOKEN.split(":")[1]);
});
afterAll(() => {
  for (const k of ["TELEGRAM_BOT_TOKEN", "UPLOAD_DIR", "MAX_UPLOAD_MB", "LOG_LEVEL"]) delete process.env[k];
  resetEnvForTests();
});

describe("Telegram photos and voice notes are downloaded by the worker", () => {
  test("a photo becomes a stored JPEG of at most 1600 px without EXIF, with its sha256, served to the tracking link; a second run does nothing", async () => {
    const id = fileId("photo");
    tg.files.set(id, { path: "photos/file_11.jpg", bytes: bigJpeg, size: bigJpeg.length });
    const { request, attachments } = await submitWith([{ kind: "photo", fileId: id }]);
    expect(attachments.map((a) => a.storageKey)).toEqual([`telegram:${id}`]);

    expect((await runWorker()).telegram).toEqual({ stored: 1, unavailable: 0, waiting: 0 });
    expect(tg.calls.filter((c) => c.method === "getFile").map((c) => c.body.file_id)).toEqual([id]);
    expect(downloads().map((c) => c.body)).toEqual([{ bot: `bot${TOKEN}`, path: "photos/file_11.jpg" }]);

    const a = await db().attachment.findUniqueOrThrow({ where: { id: attachments[0]!.id } });
    expect(a).toMatchObject({ kind: "photo", mimeType: "image/jpeg" });
    expect(a.storageKey).toMatch(/^[A-Za-z0-9_-]+\.jpg$/);
    const stored = readFileSync(path.join(uploadDir, a.storageKey));
    expect(a.size).toBe(stored.length);
    expect(a.sha256).toBe(createHash("sha256").update(stored).digest("hex"));
    const meta = await sharp(stored).metadata();
    expect(meta).toMatchObject({ format: "jpeg", width: 1600, height: 1200 });
    expect(meta.exif).toBeUndefined();

    const res = (await attachmentLoader({
      request: new Request(`http://localhost/attachments/${a.id}?token=${deriveAccessToken(request.id)}`),
      params: { id: a.id },
      context: {},
    })) as Response;
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("image/jpeg");
    expect(Buffer.from(await res.arrayBuffer()).equals(stored)).toBe(true);

    tg.clear();
    expect((await runWorker()).telegram).toEqual({ stored: 0, unavailable: 0, waiting: 0 });
    expect(tg.calls).toEqual([]);
    // The log says what happened (and, checked after every test, never the token).
    expect(logged).toContain("telegram media fetched");
  });

  test("a voice note (in the wizard, or later as an answer) becomes an audio/ogg attachment with the bytes Telegram holds", async () => {
    const first = fileId("voice");
    const answer = fileId("voice");
    tg.files.set(first, { path: "voice/file_21.oga", bytes: ogg });
    tg.files.set(answer, { path: "voice/file_22.oga", bytes: ogg });
    const { request, chatId, attachments } = await submitWith([{ kind: "voice", fileId: first, mimeType: "audio/ogg" }]);
    await addCitizenMessage({
      chatId,
      requestId: request.id,
      text: "Голосове повідомлення",
      externalMessageId: `${chatId}-77`,
      files: [{ kind: "voice", fileId: answer, mimeType: "audio/ogg", size: ogg.length }],
    });

    expect((await runWorker()).telegram).toMatchObject({ stored: 2 });
    const rows = await db().attachment.findMany({ where: { requestId: request.id }, orderBy: { createdAt: "asc" } });
    expect(rows.map((r) => r.id)).toContain(attachments[0]!.id);
    for (const r of rows) {
      expect(r).toMatchObject({ kind: "voice", mimeType: "audio/ogg", size: ogg.length });
      expect(r.storageKey).toMatch(/^[A-Za-z0-9_-]+\.ogg$/);
      expect(readFileSync(path.join(uploadDir, r.storageKey)).equals(ogg)).toBe(true);
    }
  });

  test("a file that is not what it claims is kept as unavailable:type, nothing stored", async () => {
    const fakePhoto = fileId("photo");
    const fakeVoice = fileId("voice");
    tg.files.set(fakePhoto, { path: "photos/file_31.jpg", bytes: Buffer.from("<html><script>alert(1)</script></html>") });
    tg.files.set(fakeVoice, { path: "voice/file_32.oga", bytes: bigJpeg.subarray(0, 4000) });
    const { attachments } = await submitWith([
      { kind: "photo", fileId: fakePhoto },
      { kind: "voice", fileId: fakeVoice, mimeType: "audio/ogg" },
    ]);
    const before = readdirSync(uploadDir).length;
    expect((await runWorker()).telegram).toMatchObject({ unavailable: 2, stored: 0 });
    const rows = await db().attachment.findMany({ where: { id: { in: attachments.map((a) => a.id) } } });
    expect(rows.map((r) => r.storageKey)).toEqual(["unavailable:type", "unavailable:type"]);
    expect(rows.every((r) => r.sha256 === "")).toBe(true);
    expect(readdirSync(uploadDir).length).toBe(before);
  });

  test("Telegram's 400 «file is too big» or «wrong file_id», and files over MAX_UPLOAD_MB, give up at once without a download", async () => {
    const tooBig = fileId("photo");
    const wrong = fileId("photo");
    const declaredLarge = fileId("photo");
    const undeclaredLarge = fileId("voice");
    tg.files.set(tooBig, { getFileError: { code: 400, description: "Bad Request: file is too big" } });
    tg.files.set(wrong, { getFileError: { code: 400, description: "Bad Request: wrong file_id or the file is temporarily unavailable" } });
    tg.files.set(declaredLarge, { path: "photos/file_41.jpg", bytes: bigJpeg, size: 5 * 1024 * 1024 });
    tg.files.set(undeclaredLarge, { path: "voice/file_42.oga", bytes: Buffer.concat([ogg, Buffer.alloc(1024 * 1024)]), size: 0 });
    const { attachments } = await submitWith([
      { kind: "photo", fileId: tooBig },
      { kind: "photo", fileId: wrong },
      { kind: "photo", fileId: declaredLarge },
      { kind: "voice", fileId: undeclaredLarge, mimeType: "audio/ogg" },
    ]);
    expect((await runWorker()).telegram).toEqual({ stored: 0, unavailable: 4, waiting: 0 });
    const keys = new Map((await db().attachment.findMany({ where: { id: { in: attachments.map((a) => a.id) } } })).map((r) => [r.id, r.storageKey]));
    expect(attachments.map((a) => keys.get(a.id))).toEqual(["unavailable:too-large", "unavailable:gone", "unavailable:too-large", "unavailable:too-large"]);
    // Only the one whose size getFile did not tell was downloaded (and cut off at the limit).
    expect(downloads().map((c) => c.body.path)).toEqual(["voice/file_42.oga"]);
    tg.clear();
    await runWorker();
    expect(tg.calls).toEqual([]);
  });

  test("a passing failure (Telegram 5xx, a dropped download, a 500 on the file) is retried on the next run; after a day it gives up", async () => {
    const id = fileId("photo");
    const dropped = fileId("voice");
    const { attachments } = await submitWith([
      { kind: "photo", fileId: id },
      { kind: "voice", fileId: dropped, mimeType: "audio/ogg" },
    ]);
    const keys = async () =>
      (await db().attachment.findMany({ where: { id: { in: attachments.map((a) => a.id) } }, orderBy: { createdAt: "asc" } })).map((r) => r.storageKey);

    // Telegram answers 502 to getFile: the run stops at once and everything waits.
    tg.files.set(id, { getFileError: { code: 502, description: "Bad Gateway" } });
    tg.files.set(dropped, { path: "voice/file_52.oga", bytes: ogg, dropDownload: true });
    expect((await runWorker()).telegram).toEqual({ stored: 0, unavailable: 0, waiting: 2 });
    expect(tg.calls.filter((c) => c.method === "getFile")).toHaveLength(1);
    expect(await keys()).toEqual([`telegram:${id}`, `telegram:${dropped}`]);

    // getFile works again, the photo's file answers 500, the voice note's download drops.
    tg.files.set(id, { path: "photos/file_51.jpg", bytes: bigJpeg, downloadStatus: 500 });
    expect((await runWorker()).telegram).toEqual({ stored: 0, unavailable: 0, waiting: 2 });
    expect(await keys()).toEqual([`telegram:${id}`, `telegram:${dropped}`]);

    // Telegram is fine again: both are stored.
    tg.files.set(id, { path: "photos/file_51.jpg", bytes: bigJpeg });
    tg.files.set(dropped, { path: "voice/file_52.oga", bytes: ogg });
    expect((await runWorker()).telegram).toEqual({ stored: 2, unavailable: 0, waiting: 0 });
    expect((await keys()).every((k) => /^[A-Za-z0-9_-]+\.(jpg|ogg)$/.test(k))).toBe(true);

    // One still failing a day later is given up.
    const late = fileId("photo");
    const { attachments: old } = await submitWith([{ kind: "photo", fileId: late }]);
    await db().attachment.update({ where: { id: old[0]!.id }, data: { createdAt: new Date(Date.now() - 25 * 3600_000) } });
    tg.files.set(late, { getFileError: { code: 500, description: "Internal Server Error" } });
    await runWorker();
    expect((await db().attachment.findUniqueOrThrow({ where: { id: old[0]!.id } })).storageKey).toBe("unavailable:expired");
  });

  test("two runs at once store each file once: no duplicate rows, no second file on disk", async () => {
    const ids = [fileId("photo"), fileId("photo"), fileId("voice")];
    tg.files.set(ids[0]!, { path: "photos/file_61.jpg", bytes: bigJpeg });
    tg.files.set(ids[1]!, { path: "photos/file_62.jpg", bytes: bigJpeg });
    tg.files.set(ids[2]!, { path: "voice/file_63.oga", bytes: ogg });
    const { request } = await submitWith([
      { kind: "photo", fileId: ids[0]! },
      { kind: "photo", fileId: ids[1]! },
      { kind: "voice", fileId: ids[2]!, mimeType: "audio/ogg" },
    ]);
    const before = readdirSync(uploadDir).length;
    const results = await Promise.all([runWorker(), runWorker()]);
    expect(results.reduce((n, r) => n + r.telegram.stored, 0)).toBe(3);
    const rows = await db().attachment.findMany({ where: { requestId: request.id } });
    expect(rows).toHaveLength(3);
    expect(new Set(rows.map((r) => r.storageKey)).size).toBe(3);
    expect(rows.every((r) => existsSync(path.join(uploadDir, r.storageKey)))).toBe(true);
    expect(readdirSync(uploadDir).length).toBe(before + 3);
  });

  test("without a bot token nothing is fetched; rows wait, and give up after a day", async () => {
    delete process.env.TELEGRAM_BOT_TOKEN;
    resetEnvForTests();
    try {
      const { attachments } = await submitWith([{ kind: "photo", fileId: fileId("photo") }]);
      expect((await runWorker()).telegram).toMatchObject({ stored: 0, waiting: 1 });
      expect(tg.calls).toEqual([]);
      await db().attachment.update({ where: { id: attachments[0]!.id }, data: { createdAt: new Date(Date.now() - 25 * 3600_000) } });
      await runWorker();
      expect((await db().attachment.findUniqueOrThrow({ where: { id: attachments[0]!.id } })).storageKey).toBe("unavailable:expired");
    } finally {
      process.env.TELEGRAM_BOT_TOKEN = TOKEN;
      resetEnvForTests();
    }
  });
});

describe("waking the downloader", () => {
  test("a wake-up call is one fetch-media job per key; the every-minute sweep covers what it misses", async () => {
    const key = randomBytes(8).toString("hex");
    await wakeTelegramMediaFetcher(key);
    await wakeTelegramMediaFetcher(key);
    const job = await getQueue("maintenance").getJob(`tgmedia-${key}`);
    expect(job?.data).toEqual({ task: "fetch-media" });
    expect(SCHEDULES).toContainEqual({ id: "fetch-media", every: 60_000 });
  });
});
