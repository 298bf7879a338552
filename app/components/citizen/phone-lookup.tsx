// The two-step lookup a citizen does with a phone (/find: one request by its number;
// /my: every request of the phone): the form, then the six-digit code texted to the phone.
import { Form } from "@remix-run/react";
import { CodeStep } from "#app/components/citizen/code-step.tsx";
import { ErrorSummary } from "#app/components/citizen/error-summary.tsx";
import { TextField } from "#app/components/citizen/field.tsx";
import { CsrfInput } from "#app/components/csrf-input.tsx";
import { t, type Lang } from "#app/utils/i18n.ts";

export type LookupReply = {
  step?: string;
  verificationId?: string;
  to?: string;
  errors?: Record<string, string>;
  values: Record<string, string>;
};

export function PhoneLookup(props: {
  lang: Lang;
  /** Where the form posts (the page itself). */
  action: string;
  reply: LookupReply | undefined;
  busy: boolean;
  lead: string;
  codeLead: (to: string) => string;
  phoneHint: string;
  /** The request number field, when the lookup is for one request. */
  number?: { defaultValue: string };
  other: { href: string; text: string };
}) {
  const { lang, reply, busy } = props;
  const errors = reply?.errors ?? {};
  if (reply?.step === "code") {
    return (
      <CodeStep
        lang={lang}
        action={props.action}
        verificationId={reply.verificationId ?? ""}
        to={reply.to ?? ""}
        lead={props.codeLead(reply.to ?? "")}
        error={errors.code ?? errors.form}
        busy={busy}
        againHref={props.action}
        answer={reply}
      />
    );
  }
  return (
    <>
      <p>{props.lead}</p>
      <ErrorSummary lang={lang} errors={errors} answer={reply} />
      <Form method="post" action={props.action} noValidate className="lookup-form">
        <CsrfInput />
        {props.number ? (
          <TextField
            id="number"
            name="number"
            label={t(lang, "citizen:find.number")}
            hint={t(lang, "citizen:find.numberHint")}
            autoComplete="off"
            maxLength={30}
            required
            defaultValue={reply?.values.number ?? props.number.defaultValue}
            error={errors.number}
          />
        ) : null}
        <TextField
          id="phone"
          name="phone"
          type="tel"
          inputMode="tel"
          autoComplete="tel"
          label={t(lang, "citizen:find.phone")}
          hint={props.phoneHint}
          maxLength={40}
          required
          defaultValue={reply?.values.phone ?? ""}
          error={errors.phone}
        />
        <button type="submit" name="intent" value="send" className="primary" disabled={busy}>
          {t(lang, "citizen:find.send")}
        </button>
      </Form>
      <p>
        <a href={props.other.href}>{props.other.text}</a>
      </p>
    </>
  );
}
