// /find — "I lost my link": the request's number and the phone it was made with; a code is
// texted to that phone, and the right code opens the private tracking page (and keeps the
// phone proven for "my requests" a little while). An unknown number and a wrong phone get
// the same answer as a right pair (docs/security.md, "Finding a request again"). No
// JavaScript needed.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { PhoneLookup } from "#app/components/citizen/phone-lookup.tsx";
import { confirmRequestLookup, startRequestLookup } from "#app/domain/tracking/web-lookup.server.ts";
import { provenPhoneCookie } from "#app/utils/citizen-phone-cookie.server.ts";
import { getClientAddress } from "#app/utils/client-address.server.ts";
import { requireCsrf } from "#app/utils/csrf.server.ts";
import { parseForm } from "#app/utils/form.server.ts";
import { t } from "#app/utils/i18n.ts";
import { loadPageTexts, type PageHandle } from "#app/utils/i18n-page.tsx";
import { getRequestLang } from "#app/utils/lang.server.ts";
import { maskPhoneForDisplay } from "#app/utils/phone.ts";
import { readForm, readSearchParams } from "#app/utils/request-input.server.ts";
import { formErrorsOf, toUserError, type FieldErrors } from "#app/utils/user-error.server.ts";

export const handle: PageHandle = { i18n: ["citizen"] };
export const clientLoader = loadPageTexts(handle);

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: t(data?.lang ?? "uk", "citizen:find.title") }, { name: "robots", content: "noindex" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const lang = getRequestLang(request);
  const number = (readSearchParams(new URL(request.url)).get("number") ?? "").slice(0, 30);
  return data({ lang, number: /^[A-Za-z0-9-]*$/.test(number) ? number : "" }, { headers: { "Cache-Control": "private, no-store" } });
}

const FindSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("send"), number: z.string().max(40).default(""), phone: z.string().max(40).default("") }),
  z.object({
    intent: z.literal("code"),
    verificationId: z.string().max(100).default(""),
    code: z.string().max(20).default(""),
    to: z.string().max(40).default(""),
  }),
]);

export type FindReply = { step: "number" | "code"; verificationId?: string; to?: string; errors: FieldErrors; values: Record<string, string> };

/** The masked phone the code step showed, sent back with it; anything else is not shown. */
const maskedOnly = (to: string | undefined) => (to && /^[+\d •]{1,40}$/.test(to) ? to : "");

export async function action({ request, context }: ActionFunctionArgs) {
  const lang = getRequestLang(request);
  const formData = await readForm(request);
  requireCsrf(request, formData);
  const raw = Object.fromEntries([...formData].filter(([k, v]) => typeof v === "string" && k !== "csrf")) as Record<string, string>;
  const headers = { "Cache-Control": "private, no-store" };
  let step: FindReply["step"] = raw.intent === "code" ? "code" : "number";
  try {
    const form = parseForm(formData, FindSchema);
    if (form.intent === "send") {
      const r = await startRequestLookup({ number: form.number, phone: form.phone, lang, clientAddress: getClientAddress(request, context) });
      const reply: FindReply = {
        step: "code",
        verificationId: r.verificationId,
        to: maskPhoneForDisplay(r.phone),
        errors: {},
        values: { number: form.number },
      };
      return data(reply, { headers });
    }
    step = "code";
    const r = await confirmRequestLookup({ verificationId: form.verificationId, code: form.code });
    return redirect(`/track/${r.token}?${new URLSearchParams({ lang })}`, {
      headers: { ...headers, "Set-Cookie": await provenPhoneCookie(r.phone), "Referrer-Policy": "no-referrer" },
    });
  } catch (e) {
    const error = toUserError(e, lang, { fieldName: (f) => (["number", "phone", "code"].includes(f) ? f : null) });
    const reply: FindReply = {
      step,
      ...(step === "code" ? { verificationId: (raw.verificationId ?? "").slice(0, 100), to: maskedOnly(raw.to) } : {}),
      errors: formErrorsOf(error),
      values: { number: raw.number ?? "", phone: raw.phone ?? "" },
    };
    return data(reply, { status: error.details.reason === "rate-limited" ? 429 : error.status, headers });
  }
}

export default function FindPage() {
  const { lang, number } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as FindReply | undefined;
  const busy = useNavigation().state === "submitting";
  return (
    <div className="citizen lookup">
      <h1>{t(lang, "citizen:find.title")}</h1>
      <PhoneLookup
        lang={lang}
        action={`/find?lang=${lang}`}
        reply={reply}
        busy={busy}
        lead={t(lang, "citizen:find.lead")}
        codeLead={(to) => t(lang, "citizen:find.codeLead", { to })}
        phoneHint={t(lang, "citizen:find.phoneHint")}
        number={{ defaultValue: number }}
        other={{ href: `/my?lang=${lang}`, text: t(lang, "citizen:find.allMine") }}
      />
    </div>
  );
}
