// /follow/:id — "this is my problem too", step two: the code we sent to the contact the
// citizen gave on /report. Only the right code records them as a follower (a typed phone
// or e-mail proves nothing on its own). The id is the pending confirmation, not a secret
// on its own: the code is, and it allows a few tries only. No JavaScript needed.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { TextField } from "#app/components/citizen/field.tsx";
import { CsrfInput } from "#app/components/csrf-input.tsx";
import { confirmFollowRequest } from "#app/domain/tracking/follow-request.server.ts";
import { requireCsrf } from "#app/utils/csrf.server.ts";
import { parseForm } from "#app/utils/form.server.ts";
import { t } from "#app/utils/i18n.ts";
import { loadPageTexts, type PageHandle } from "#app/utils/i18n-page.tsx";
import { getRequestLang } from "#app/utils/lang.server.ts";
import { readForm } from "#app/utils/request-input.server.ts";
import { toUserError } from "#app/utils/user-error.server.ts";

export const handle: PageHandle = { i18n: ["citizen"] };
export const clientLoader = loadPageTexts(handle);

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: t(data?.lang ?? "uk", "citizen:followCode.title") },
  { name: "robots", content: "noindex" },
];

const NUMBER = /^SLV-\d{4}-\d{1,9}$/;

const FollowCodeSchema = z.object({ code: z.string().max(20).default("") });

export async function loader({ request }: LoaderFunctionArgs) {
  const lang = getRequestLang(request);
  const url = new URL(request.url);
  const number = url.searchParams.get("number") ?? "";
  // Shown back as it came (already masked by /report); anything else is not shown at all.
  const to = (url.searchParams.get("to") ?? "").slice(0, 60);
  return data(
    { lang, number: NUMBER.test(number) ? number : null, to: /^[+\d*A-Za-z.@_-]*$/.test(to) ? to : "" },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const lang = getRequestLang(request);
  const formData = await readForm(request);
  requireCsrf(request, formData);
  try {
    const { code } = parseForm(formData, FollowCodeSchema);
    const r = await confirmFollowRequest({ verificationId: params.id ?? "", code });
    return redirect(`/report?${new URLSearchParams({ lang, followed: r.number, ...(r.alreadyFollowing ? { already: "1" } : {}) })}`);
  } catch (e) {
    const error = toUserError(e, lang);
    // A wrong code may be typed again; anything else needs a new code from the form.
    const again = error.details.reason !== "wrong" && error.field !== "code";
    return data({ error: error.message, again }, { status: error.status });
  }
}

export default function FollowCodePage() {
  const { lang, number, to } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="citizen">
      <h1>{t(lang, "citizen:followCode.title")}</h1>
      <p>{number ? t(lang, "citizen:followCode.lead", { number, to }) : t(lang, "citizen:followCode.leadNoNumber", { to })}</p>
      {actionData?.again ? (
        <p className="error" role="alert">
          {actionData.error} <Link to={`/report?lang=${lang}`}>{t(lang, "citizen:followCode.back")}</Link>
        </p>
      ) : (
        <Form method="post">
          <CsrfInput />
          <TextField
            id="code"
            name="code"
            label={t(lang, "citizen:followCode.label")}
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={10}
            required
            error={actionData?.error}
          />
          <button type="submit">{t(lang, "citizen:followCode.submit")}</button>
        </Form>
      )}
    </div>
  );
}
