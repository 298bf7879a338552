import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { CsrfInput } from "#app/components/csrf-input.tsx";
import { isPhoneSandbox, PHONE_SIMULATOR_ROLES } from "#app/domain/notifications/phone-sandbox.server.ts";
import { simulatePhone } from "#app/channels/phone/simulate-phone.server.ts";
import { requireStaffUser } from "#app/utils/auth.server.ts";
import { getClientAddress } from "#app/utils/client-address.server.ts";
import { requireCsrf } from "#app/utils/csrf.server.ts";
import { parseForm } from "#app/utils/form.server.ts";
import { t } from "#app/utils/i18n.ts";
import { loadPageTexts, type PageHandle } from "#app/utils/i18n-page.tsx";
import { getRequestLang } from "#app/utils/lang.server.ts";
import { readForm } from "#app/utils/request-input.server.ts";
import { toUserError } from "#app/utils/user-error.server.ts";

export const handle: PageHandle = { i18n: ["console", "phone", "staff"] };
export const clientLoader = loadPageTexts(handle);

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: t(data?.lang ?? "uk", "phone:simulator.title") }];

// Signed out → /login first; then the page does not exist at all with a Twilio account
// (404), and is for admins only (403).
async function requireSimulatorUser(request: Request) {
  await requireStaffUser(request);
  if (!isPhoneSandbox()) throw new Response("Не знайдено / Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  return requireStaffUser(request, { roles: [...PHONE_SIMULATOR_ROLES] });
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireSimulatorUser(request);
  return { lang: getRequestLang(request) };
}

const SimulatorFormSchema = z.object({
  kind: z.enum(["sms", "voice"]).default("voice"),
  from: z.string().default(""),
  body: z.string().default(""),
  callSid: z.string().optional(),
  step: z.string().default("incoming"),
  digits: z.string().optional(),
  speech: z.string().optional(),
  transcript: z.string().optional(),
});

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireSimulatorUser(request);
  const form = await readForm(request);
  requireCsrf(request, form);
  const who = { actor: user, ip: getClientAddress(request, context) };
  const from = String(form.get("from") ?? "");
  try {
    const f = parseForm(form, SimulatorFormSchema);
    const result =
      f.kind === "sms"
        ? await simulatePhone({ ...who, kind: "sms", from: f.from, body: f.body })
        : await simulatePhone({
            ...who,
            kind: "voice",
            from: f.from,
            callSid: f.callSid ?? null,
            step: f.step,
            digits: f.digits ?? null,
            speech: f.speech ?? null,
            transcript: f.transcript ?? null,
          });
    return { ok: true as const, from, twiml: result.twiml, callSid: result.callSid ?? null, replies: result.replies.map((r) => r.body) };
  } catch (e) {
    return { ok: false as const, from, error: toUserError(e, getRequestLang(request)).message };
  }
}

// The next URLs the TwiML points to, so the person can follow them like Twilio would.
function nextSteps(twiml: string | null): string[] {
  if (!twiml) return [];
  const urls = [...twiml.matchAll(/(?:action|waitUrl)="([^"]+)"|<Redirect[^>]*>([^<]+)<\/Redirect>/g)].map((m) => (m[1] ?? m[2] ?? "").replace(/&amp;/g, "&"));
  return [...new Set(urls.map((u) => u.replace("/webhooks/twilio/voice/", "")))];
}

export default function PhoneSimulator() {
  const { lang } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const from = data?.from ?? "+380501112233";
  const callSid = data?.ok ? data.callSid : null;
  return (
    <section>
      <h1>{t(lang, "phone:simulator.title")}</h1>
      <p className="muted">{t(lang, "phone:simulator.lead")}</p>
      <h2>{t(lang, "phone:simulator.sms")}</h2>
      <Form method="post">
        <CsrfInput />
        <input type="hidden" name="kind" value="sms" />
        <label>
          {t(lang, "phone:simulator.from")} <input name="from" defaultValue={from} required />
        </label>
        <label>
          {t(lang, "phone:simulator.body")} <textarea name="body" required maxLength={1600} />
        </label>
        <button type="submit">{t(lang, "phone:simulator.send")}</button>
      </Form>
      <h2>{t(lang, "phone:simulator.voice")}</h2>
      <Form method="post">
        <CsrfInput />
        <input type="hidden" name="kind" value="voice" />
        <input type="hidden" name="callSid" value={callSid ?? ""} />
        <label>
          {t(lang, "phone:simulator.from")} <input name="from" defaultValue={from} required />
        </label>
        <label>
          {t(lang, "phone:simulator.step")}{" "}
          <select name="step" defaultValue={callSid ? (nextSteps(data?.ok ? data.twiml : null)[0] ?? "main") : "incoming"}>
            {(callSid ? [...nextSteps(data?.ok ? data.twiml : null), "main", "call-status"] : ["incoming"]).map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t(lang, "phone:simulator.digits")} <input name="digits" inputMode="numeric" maxLength={20} />
        </label>
        <label>
          {t(lang, "phone:simulator.speech")} <input name="speech" maxLength={200} />
        </label>
        <label>
          {t(lang, "phone:simulator.transcript")} <input name="transcript" maxLength={1000} />
        </label>
        <button type="submit">{callSid ? t(lang, "phone:simulator.next") : t(lang, "phone:simulator.newCall")}</button>
      </Form>
      {data && !data.ok ? <p role="alert">{data.error}</p> : null}
      {data?.ok ? (
        <>
          <h2>{t(lang, "phone:simulator.twiml")}</h2>
          <pre>{data.twiml ?? "204"}</pre>
          <h2>{t(lang, "phone:simulator.replies")}</h2>
          {data.replies.length ? (
            <ul>
              {data.replies.map((r, i) => (
                <li key={i}>{r}</li>
              ))}
            </ul>
          ) : (
            <p>{t(lang, "phone:simulator.noReplies")}</p>
          )}
        </>
      ) : null}
    </section>
  );
}
