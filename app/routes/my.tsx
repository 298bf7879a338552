// /my — "my requests": the citizen proves their phone with a texted code and sees every
// request made with it (number, status, date, a link to each private tracking page). The
// proof is kept for half an hour in a signed httpOnly cookie (citizen-phone-cookie); "leave"
// forgets it. Nothing of anyone else is shown: the list is only what that phone made. No
// JavaScript needed.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { PhoneLookup } from "#app/components/citizen/phone-lookup.tsx";
import { CsrfInput } from "#app/components/csrf-input.tsx";
import { formatKyivTime } from "#app/domain/calendar/kyiv-time.ts";
import { confirmMyRequests, listPhoneRequests, startMyRequests } from "#app/domain/tracking/web-lookup.server.ts";
import { forgetProvenPhone, provenPhoneCookie, readProvenPhone } from "#app/utils/citizen-phone-cookie.server.ts";
import { getClientAddress } from "#app/utils/client-address.server.ts";
import { requireCsrf } from "#app/utils/csrf.server.ts";
import { parseForm } from "#app/utils/form.server.ts";
import { t } from "#app/utils/i18n.ts";
import { loadPageTexts, type PageHandle } from "#app/utils/i18n-page.tsx";
import { getRequestLang } from "#app/utils/lang.server.ts";
import { maskPhoneForDisplay } from "#app/utils/phone.ts";
import { readForm } from "#app/utils/request-input.server.ts";
import { formErrorsOf, toUserError, type FieldErrors } from "#app/utils/user-error.server.ts";

export const handle: PageHandle = { i18n: ["citizen"] };
export const clientLoader = loadPageTexts(handle);

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: t(data?.lang ?? "uk", "citizen:my.title") },
  { name: "robots", content: "noindex" },
  // The list links to private tracking pages: never send them to another site.
  { name: "referrer", content: "no-referrer" },
];

const PRIVATE = { "Cache-Control": "private, no-store", "Referrer-Policy": "no-referrer" };

export async function loader({ request }: LoaderFunctionArgs) {
  const lang = getRequestLang(request);
  const phone = await readProvenPhone(request);
  const requests = phone ? await listPhoneRequests({ phone }) : null;
  return data(
    {
      lang,
      phone: phone ? maskPhoneForDisplay(phone) : null,
      requests: requests?.map((r) => ({ ...r, category: r.category ? (lang === "en" ? r.category.nameEn : r.category.nameUk) : null })) ?? null,
    },
    { headers: PRIVATE },
  );
}

const MySchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("send"), phone: z.string().max(40).default("") }),
  z.object({
    intent: z.literal("code"),
    verificationId: z.string().max(100).default(""),
    code: z.string().max(20).default(""),
    to: z.string().max(40).default(""),
  }),
  z.object({ intent: z.literal("leave") }),
]);

type MyReply = { step: "phone" | "code"; verificationId?: string; to?: string; errors: FieldErrors; values: Record<string, string> };

/** The masked phone the code step showed, sent back with it; anything else is not shown. */
const maskedOnly = (to: string | undefined) => (to && /^[+\d •]{1,40}$/.test(to) ? to : "");

export async function action({ request, context }: ActionFunctionArgs) {
  const lang = getRequestLang(request);
  const formData = await readForm(request);
  requireCsrf(request, formData);
  const raw = Object.fromEntries([...formData].filter(([k, v]) => typeof v === "string" && k !== "csrf")) as Record<string, string>;
  const step: MyReply["step"] = raw.intent === "code" ? "code" : "phone";
  try {
    const form = parseForm(formData, MySchema);
    if (form.intent === "leave") return redirect(`/my?lang=${lang}`, { headers: { ...PRIVATE, "Set-Cookie": await forgetProvenPhone() } });
    if (form.intent === "send") {
      const r = await startMyRequests({ phone: form.phone, lang, clientAddress: getClientAddress(request, context) });
      const reply: MyReply = { step: "code", verificationId: r.verificationId, to: maskPhoneForDisplay(r.phone), errors: {}, values: {} };
      return data(reply, { headers: PRIVATE });
    }
    const r = await confirmMyRequests({ verificationId: form.verificationId, code: form.code });
    return redirect(`/my?lang=${lang}`, { headers: { ...PRIVATE, "Set-Cookie": await provenPhoneCookie(r.phone) } });
  } catch (e) {
    const error = toUserError(e, lang, { fieldName: (f) => (["phone", "code"].includes(f) ? f : null) });
    const reply: MyReply = {
      step,
      ...(step === "code" ? { verificationId: (raw.verificationId ?? "").slice(0, 100), to: maskedOnly(raw.to) } : {}),
      errors: formErrorsOf(error),
      values: { phone: raw.phone ?? "" },
    };
    return data(reply, { status: error.details.reason === "rate-limited" ? 429 : error.status, headers: PRIVATE });
  }
}

export default function MyRequestsPage() {
  const { lang, phone, requests } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as MyReply | undefined;
  const busy = useNavigation().state === "submitting";
  const date = (iso: string) => formatKyivTime(iso, "date", lang);

  if (requests) {
    return (
      <div className="citizen my-requests">
        <h1>{t(lang, "citizen:my.title")}</h1>
        <p>{t(lang, "citizen:my.provenLead", { phone: phone ?? "" })}</p>
        {requests.length ? (
          <ul className="request-cards" data-testid="my-requests">
            {requests.map((r) => (
              <li key={r.number} className="request-card">
                <h2>
                  <a href={`${r.trackUrl}?lang=${lang}`} rel="noreferrer">
                    {r.number}
                  </a>
                </h2>
                <dl className="facts">
                  <dt>{t(lang, "citizen:track.status")}</dt>
                  <dd>{t(lang, `citizen:status.${r.status}`)}</dd>
                  <dt>{t(lang, "citizen:track.received")}</dt>
                  <dd>
                    <time dateTime={r.receivedAt}>{date(r.receivedAt)}</time>
                  </dd>
                  {r.category ? (
                    <>
                      <dt>{t(lang, "citizen:track.category")}</dt>
                      <dd>{r.category}</dd>
                    </>
                  ) : null}
                </dl>
              </li>
            ))}
          </ul>
        ) : (
          <p>{t(lang, "citizen:my.none")}</p>
        )}
        <Form method="post" action={`/my?lang=${lang}`}>
          <CsrfInput />
          <button type="submit" name="intent" value="leave" className="secondary">
            {t(lang, "citizen:my.leave")}
          </button>
        </Form>
      </div>
    );
  }

  return (
    <div className="citizen lookup">
      <h1>{t(lang, "citizen:my.title")}</h1>
      <PhoneLookup
        lang={lang}
        action={`/my?lang=${lang}`}
        reply={reply}
        busy={busy}
        lead={t(lang, "citizen:my.lead")}
        codeLead={(to) => t(lang, "citizen:my.codeLead", { to })}
        phoneHint={t(lang, "citizen:my.phoneHint")}
        other={{ href: `/find?lang=${lang}`, text: t(lang, "citizen:my.byNumber") }}
      />
    </div>
  );
}
