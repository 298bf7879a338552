// The database goes away (a proxy in front of PostgreSQL is stopped) while citizens text and
// call. Twilio does not retry a failed SMS webhook, and a failed voice webhook plays its own
// English "application error": so every signed delivery is still answered with TwiML, kept in
// the spool on disk, and becomes exactly one request (or call-back task) once the database is
// back, however often the spool is replayed or the message delivered again. Unsigned input is
// never kept. Logs stay one rate-limited line, not a stack per failure.
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from "vitest";
import { countSmsSegments } from "#integrations/twilio/segments.ts";
import { replaySpooledDeliveries } from "#app/channels/phone/replay-spool.server.ts";
import { registerPhoneChannel } from "#app/channels/phone/register-phone-channel.server.ts";
import { processInboundEvent } from "#app/domain/intake/process-inbound-event.server.ts";
import { handleError } from "#app/entry.server.tsx";
import { action as smsAction } from "#app/routes/webhooks+/twilio.sms.ts";
import { action as voiceAction } from "#app/routes/webhooks+/twilio.voice.ts";
import { action as stepAction } from "#app/routes/webhooks+/twilio.voice.$step.ts";
import { action as telegramAction } from "#app/routes/webhooks+/telegram.$secret.ts";
import { isDatabaseUnavailableError } from "#app/utils/db-errors.ts";
import { getDb } from "#app/utils/db.server.ts";
import { getEnv, resetEnvForTests } from "#app/utils/env.server.ts";
import { checkHealth } from "#app/utils/health.server.ts";
import { t } from "#app/utils/i18n.server.ts";
import { findAll, parseXml, type XmlNode } from "#tests/fixtures/twilio/twiml.ts";
import { sid, smsParams, TWILIO, twilioRequest, voiceParams } from "#tests/fixtures/twilio/webhooks.ts";
import { proxyTheDatabase, type ProxiedDatabase } from "#tests/fixtures/postgres-proxy.ts";
import { updates } from "#tests/fixtures/telegram/updates.ts";

let proxy: ProxiedDatabase;
const db = () => getDb();
let seq = 0;
const newPhone = () => `+38066${String(Date.now()).slice(-5)}${String(++seq).padStart(2, "0")}`;
const spoolDir = () => path.resolve(getEnv().SPOOL_DIR);

beforeAll(async () => {
  process.env.TWILIO_ACCOUNT_SID = TWILIO.accountSid;
  process.env.TWILIO_AUTH_TOKEN = TWILIO.authToken;
  process.env.PUBLIC_BASE_URL = TWILIO.publicBaseUrl;
  process.env.HOTLINE_HOURS = "1-7 00:00-23:59";
  proxy = await proxyTheDatabase();
  registerPhoneChannel({});
});
afterEach(async () => {
  await proxy.start();
});
afterAll(async () => {
  for (const k of ["TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "PUBLIC_BASE_URL", "HOTLINE_HOURS"]) delete process.env[k];
  await proxy.restore();
});

async function postSms(params: Record<string, string>, options: { unsigned?: boolean; tamper?: Record<string, string> } = {}) {
  return smsAction({ request: twilioRequest({ path: "/webhooks/twilio/sms", params, ...options }), params: {}, context: {} });
}

async function twimlOf(res: Response): Promise<XmlNode> {
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("text/xml");
  const twiml = parseXml(await res.text());
  expect(twiml.name).toBe("Response");
  return twiml;
}

async function spoolFiles() {
  return (await readdir(spoolDir()).catch(() => [] as string[])).filter((n) => n.endsWith(".json")).sort();
}

async function snapshotSpool() {
  const files = await spoolFiles();
  return Promise.all(files.map(async (name) => ({ name, text: await readFile(path.join(spoolDir(), name), "utf8") })));
}

async function restoreSpool(snapshot: { name: string; text: string }[]) {
  for (const f of snapshot) await writeFile(path.join(spoolDir(), f.name), f.text, { mode: 0o600 });
}

/** What the intake worker does with the recorded SMS. */
async function runIntake(messageSids: string[]) {
  const events = await db().inboundEvent.findMany({ where: { channel: "SMS", externalId: { in: messageSids } }, select: { id: true } });
  for (const e of events) await processInboundEvent({ inboundEventId: e.id });
}

async function refusedStatus(run: () => Promise<unknown>) {
  try {
    await run();
  } catch (e) {
    if (e instanceof Response) return e.status;
    throw e;
  }
  throw new Error("expected a refusal");
}

describe("health while the database is away", () => {
  test("the web says the database is down but stays ready, so a load balancer keeps sending it the webhooks that spool", async () => {
    await proxy.stop();
    try {
      const report = await checkHealth({ timeoutMs: 1000 });
      expect(report.parts.database.state).toBe("down");
      expect(report.status).toBe("degraded");
      expect(report.ready).toBe(true);
      expect((await checkHealth({ stopping: true, timeoutMs: 1000 })).ready).toBe(false);
    } finally {
      await proxy.start();
    }
  });
});

describe("SMS while the database is away", () => {
  test("answered with an apology in the sender's language, kept on disk, and one request each after recovery — replayed twice and delivered again", async () => {
    const [uk, en, stopper] = [newPhone(), newPhone(), newPhone()];
    const ukSms = smsParams({ from: uk, body: "Прорвало трубу біля будинку 5 на Шевченка" });
    const enSms = smsParams({ from: en, body: "Broken street light near school 4" });
    const stopSms = smsParams({ from: stopper, body: "СТОП" });
    await proxy.stop();
    const before = new Date();

    const ukAnswer = findAll(await twimlOf(await postSms(ukSms)), "Message");
    expect(ukAnswer.map((m) => m.text)).toEqual([t("uk", "phone:sms.unavailable")]);
    expect(ukAnswer[0]!.text).toMatch(/101.*102.*103.*104/);
    expect(countSmsSegments(ukAnswer[0]!.text).segments).toBeLessThanOrEqual(2);
    expect(findAll(await twimlOf(await postSms(enSms)), "Message").map((m) => m.text)).toEqual([t("en", "phone:sms.unavailable")]);
    expect(findAll(await twimlOf(await postSms(stopSms)), "Message")).toHaveLength(1);

    // Unsigned or altered input is refused before anything is kept.
    const forged = smsParams({ from: newPhone(), body: "Підроблене повідомлення" });
    expect(await refusedStatus(() => postSms(forged, { unsigned: true }))).toBe(403);
    expect(await refusedStatus(() => postSms(ukSms, { tamper: { Body: "інший текст" } }))).toBe(403);

    const files = await spoolFiles();
    expect(files).toHaveLength(3);
    const kept = await snapshotSpool();
    const text = kept.map((f) => f.text).join("\n");
    for (const p of [ukSms, enSms, stopSms]) expect(text).toContain(p.MessageSid);
    expect(text).not.toContain(forged.MessageSid);

    await proxy.start();
    const recoveredAt = new Date();
    expect(await replaySpooledDeliveries()).toMatchObject({ replayed: 3, waiting: 0, setAside: 0 });
    expect(await spoolFiles()).toHaveLength(0);
    // The same spool once more (as if a crash lost the deletions), and the SMS once more the ordinary way.
    await restoreSpool(kept);
    expect(await replaySpooledDeliveries()).toMatchObject({ replayed: 3 });
    expect(findAll(await twimlOf(await postSms(ukSms)), "Message")).toHaveLength(0);
    await runIntake([ukSms.MessageSid, enSms.MessageSid]);
    await runIntake([ukSms.MessageSid, enSms.MessageSid]);

    for (const p of [ukSms, enSms]) {
      expect(await db().inboundEvent.count({ where: { channel: "SMS", externalId: p.MessageSid } })).toBe(1);
      const requests = await db().request.findMany({ where: { citizen: { phone: p.From } }, select: { externalId: true, receivedAt: true } });
      expect(requests).toHaveLength(1);
      expect(requests[0]!.externalId).toBe(p.MessageSid);
      // Received when it reached us, not when the database came back.
      expect(requests[0]!.receivedAt.getTime()).toBeGreaterThanOrEqual(before.getTime());
      expect(requests[0]!.receivedAt.getTime()).toBeLessThanOrEqual(recoveredAt.getTime());
      expect(await db().message.count({ where: { address: p.From, direction: "IN" } })).toBe(1);
    }
    // The STOP sent during the outage took effect.
    const identity = await db().channelIdentity.findUniqueOrThrow({ where: { channel_externalId: { channel: "SMS", externalId: stopper } } });
    expect(identity.optedOut).toBe(true);
  });

  test("while the database is away the spool is tried on every pass and left intact", async () => {
    const p = smsParams({ from: newPhone(), body: "Не вивезли сміття з двору" });
    await proxy.stop();
    await twimlOf(await postSms(p));
    expect(await replaySpooledDeliveries()).toMatchObject({ replayed: 0, waiting: 1, databaseAway: true });
    expect(await spoolFiles()).toHaveLength(1);
    await proxy.start();
    expect(await replaySpooledDeliveries()).toMatchObject({ replayed: 1 });
    await runIntake([p.MessageSid]);
    expect(await db().request.count({ where: { externalId: p.MessageSid } })).toBe(1);
  });
});

describe("calls while the database is away", () => {
  async function voice(from: string, callSid: string) {
    return voiceAction({ request: twilioRequest({ path: "/webhooks/twilio/voice", params: voiceParams({ callSid, from }) }), params: {}, context: {} });
  }
  async function stepOf(step: string, from: string, callSid: string, extra: Record<string, string> = {}) {
    const p = `/webhooks/twilio/voice/${step}`;
    return stepAction({ request: twilioRequest({ path: p, params: voiceParams({ callSid, from, extra }) }), params: { step }, context: {} });
  }
  const spoken = (twiml: XmlNode) => findAll(twiml, "Say").map((s) => s.text);

  test("a caller hears an apology with the emergency numbers and is called back once; a recording becomes a request", async () => {
    const caller = newPhone();
    const callSid = sid("CA");
    const anonymousCall = sid("CA");
    const recordingCall = sid("CA");
    const recordingSid = sid("RE");
    await proxy.stop();

    const answer = await twimlOf(await voice(caller, callSid));
    const said = spoken(answer).join(" ");
    for (const n of ["101", "102", "103", "104"]) expect(said).toContain(n);
    expect(spoken(answer)).toContain(t("uk", "phone:voice.unavailableCallback"));
    expect(findAll(answer, "Say").every((s) => s.attrs.language === "uk-UA")).toBe(true);
    expect(findAll(answer, "Hangup")).toHaveLength(1);

    // A withheld number cannot be called back: no promise.
    const anonymous = await twimlOf(await voice("Anonymous", anonymousCall));
    expect(spoken(anonymous)).toContain(t("uk", "phone:voice.unavailableTryLater"));
    expect(spoken(anonymous)).not.toContain(t("uk", "phone:voice.unavailableCallback"));

    const recorded = await twimlOf(
      await stepOf("recorded", caller, recordingCall, {
        RecordingSid: recordingSid,
        RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/${TWILIO.accountSid}/Recordings/${recordingSid}`,
        RecordingDuration: "12",
      }),
    );
    expect(spoken(recorded)).toContain(t("uk", "phone:voice.unavailableRecorded"));
    // Twilio's own callbacks are acknowledged as usual.
    expect((await stepOf("call-status", caller, callSid, { CallStatus: "completed", CallDuration: "31" })).status).toBe(204);
    expect(await spoolFiles()).toHaveLength(4);

    await proxy.start();
    const kept = await snapshotSpool();
    expect(await replaySpooledDeliveries()).toMatchObject({ replayed: 4, setAside: 0 });
    await restoreSpool(kept);
    expect(await replaySpooledDeliveries()).toMatchObject({ replayed: 4, setAside: 0 });

    const tasks = await db().callbackTask.findMany({ where: { phone: caller } });
    expect(tasks).toMatchObject([{ reason: "outage", status: "OPEN" }]);
    const theCall = await db().call.findUniqueOrThrow({ where: { callSid } });
    expect(theCall).toMatchObject({ fromNumber: caller, status: "COMPLETED", durationSecs: 31 });
    expect(tasks[0]!.callId).toBe(theCall.id);
    expect(await db().callbackTask.count({ where: { call: { callSid: anonymousCall } } })).toBe(0);
    const recording = await db().inboundEvent.findUniqueOrThrow({ where: { channel_externalId: { channel: "VOICE", externalId: recordingSid } } });
    await processInboundEvent({ inboundEventId: recording.id });
    expect(await db().request.count({ where: { channel: "VOICE", citizen: { phone: caller } } })).toBe(1);
  });
});

describe("when the spool cannot be written either", () => {
  test("an SMS or a recording gets 503 (Twilio's fallback URL then has it); a live caller still hears the apology, without a promise", async () => {
    const blocker = path.join(spoolDir(), "..", `spool-blocker-${Date.now()}`);
    await mkdir(path.dirname(blocker), { recursive: true });
    await writeFile(blocker, "not a directory");
    const previous = process.env.SPOOL_DIR;
    process.env.SPOOL_DIR = path.join(blocker, "spool");
    resetEnvForTests();
    try {
      await proxy.stop();
      const res = await postSms(smsParams({ from: newPhone(), body: "Немає світла в під'їзді" }));
      expect(res.status).toBe(503);
      const caller = newPhone();
      const answer = await twimlOf(
        await voiceAction({
          request: twilioRequest({ path: "/webhooks/twilio/voice", params: voiceParams({ callSid: sid("CA"), from: caller }) }),
          params: {},
          context: {},
        }),
      );
      const said = findAll(answer, "Say").map((s) => s.text);
      expect(said.join(" ")).toContain("103");
      expect(said).toContain(t("uk", "phone:voice.unavailableTryLater"));
      const recordingSid = sid("RE");
      const recorded = await stepAction({
        request: twilioRequest({
          path: "/webhooks/twilio/voice/recorded",
          params: voiceParams({ callSid: sid("CA"), from: caller, extra: { RecordingSid: recordingSid, RecordingUrl: "https://api.twilio.com/x" } }),
        }),
        params: { step: "recorded" },
        context: {},
      });
      expect(recorded.status).toBe(503);
    } finally {
      process.env.SPOOL_DIR = previous;
      resetEnvForTests();
    }
  });
});

describe("Telegram while the database is away", () => {
  test("the webhook does not acknowledge what it could not record (Telegram delivers it again), and records the repeat", async () => {
    process.env.TELEGRAM_BOT_TOKEN = "123456:TEST-TOKEN";
    process.env.TELEGRAM_MODE = "webhook";
    process.env.TELEGRAM_WEBHOOK_SECRET = "s3cret-token-0123456789abcdef";
    process.env.TELEGRAM_WEBHOOK_PATH = "p4th-9f8e7d6c5b4a3210";
    resetEnvForTests();
    const update = updates.text(555_000_901, "Не працює ліфт");
    const post = () =>
      telegramAction({
        request: new Request(`http://127.0.0.1/webhooks/telegram/${process.env.TELEGRAM_WEBHOOK_PATH}`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": process.env.TELEGRAM_WEBHOOK_SECRET! },
          body: JSON.stringify(update),
        }),
        params: { secret: process.env.TELEGRAM_WEBHOOK_PATH },
        context: {},
      });
    try {
      await proxy.stop();
      // Remix answers a thrown error with 500; Telegram retries any non-2xx answer.
      const failure = await post().then(
        () => null,
        (e: unknown) => e,
      );
      expect(isDatabaseUnavailableError(failure)).toBe(true);
      await proxy.start();
      expect((await post()).status).toBe(200);
      expect(await db().inboundEvent.count({ where: { channel: "TELEGRAM", externalId: String(update.update_id) } })).toBe(1);
    } finally {
      for (const k of ["TELEGRAM_BOT_TOKEN", "TELEGRAM_MODE", "TELEGRAM_WEBHOOK_SECRET", "TELEGRAM_WEBHOOK_PATH"]) delete process.env[k];
      resetEnvForTests();
    }
  });
});

describe("logs while the database is away", () => {
  test("failures are one structured line per 5 s with a count, without stacks or phone numbers", async () => {
    const lines: string[] = [];
    const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    try {
      await proxy.stop();
      // Past any window an earlier test opened.
      await new Promise((r) => setTimeout(r, 5_500));
      lines.length = 0;
      for (let i = 0; i < 20; i++) await twimlOf(await postSms(smsParams({ from: "+380501234567", body: "Повідомлення під час перерви" })));
      for (let i = 0; i < 20; i++) {
        const error = await db()
          .request.count()
          .then(
            () => null,
            (e: unknown) => e,
          );
        handleError(error, { request: new Request("http://x/staff/inbox"), params: {}, context: {} });
      }
      const burst = lines.length;
      await new Promise((r) => setTimeout(r, 5_500));
      const entries = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
      const unavailable = entries.filter((e) => e.msg === "database unavailable");
      // 40 failed requests (and the pool's own reports): a handful of lines at once, then a count.
      expect(burst).toBeLessThanOrEqual(6);
      expect(unavailable.length).toBeGreaterThanOrEqual(1);
      expect(unavailable.some((e) => Number(e.repeats) >= 10)).toBe(true);
      for (const line of lines) {
        expect(line).not.toContain("380501234567");
        expect(line).not.toMatch(/"stack"/);
      }
    } finally {
      spy.mockRestore();
    }
  }, 30_000);
});
