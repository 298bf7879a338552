// The second step of proving a phone on the web: the six-digit code texted to it. The
// verification id travels in the form (it is not a secret: the code is, with a few tries).
import { Form } from "@remix-run/react";
import { ErrorSummary } from "#app/components/citizen/error-summary.tsx";
import { TextField } from "#app/components/citizen/field.tsx";
import { CsrfInput } from "#app/components/csrf-input.tsx";
import { t, type Lang } from "#app/utils/i18n.ts";

export function CodeStep(props: {
  lang: Lang;
  action: string;
  verificationId: string;
  to: string;
  lead: string;
  error?: string;
  busy: boolean;
  againHref: string;
  answer?: unknown;
}) {
  const { lang } = props;
  return (
    <>
      <p role="status">{props.lead}</p>
      <ErrorSummary lang={lang} errors={props.error ? { code: props.error } : {}} answer={props.answer} />
      <Form method="post" action={props.action} noValidate className="lookup-form">
        <CsrfInput />
        <input type="hidden" name="verificationId" value={props.verificationId} />
        <input type="hidden" name="to" value={props.to} />
        <TextField
          id="code"
          name="code"
          label={t(lang, "citizen:find.code")}
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={10}
          required
          error={props.error}
        />
        <button type="submit" name="intent" value="code" className="primary" disabled={props.busy}>
          {t(lang, "citizen:find.codeSubmit")}
        </button>
      </Form>
      <p>
        <a href={props.againHref}>{t(lang, "citizen:find.again")}</a>
      </p>
    </>
  );
}
