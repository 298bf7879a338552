import { Form, type FormProps } from "@remix-run/react";
import { CsrfInput } from "#app/components/csrf-input.tsx";

/**
 * A state-changing form: POST, the CSRF field, then the hidden fields that say what it acts
 * on (in the order given), then its own fields. Works without JavaScript like any form.
 */
export function PostForm({ fields, children, ...form }: FormProps & { fields?: Record<string, string> }) {
  return (
    <Form method="post" {...form}>
      <CsrfInput />
      {Object.entries(fields ?? {}).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {children}
    </Form>
  );
}
