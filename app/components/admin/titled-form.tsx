import type { ReactNode } from "react";
import { SubmitRow } from "#app/components/admin/field-row.tsx";
import { PostForm } from "#app/components/post-form.tsx";

/**
 * An admin page's form for adding or switching something: its heading, an optional lead in
 * muted text, the fields, and the submit button (with the intent it posts, where the page
 * has more than one form) on its own line.
 */
export function TitledForm(props: {
  title: ReactNode;
  lead?: ReactNode;
  action: string;
  encType?: "multipart/form-data";
  fields?: Record<string, string>;
  intent?: string;
  submit: ReactNode;
  children: ReactNode;
}) {
  return (
    <>
      <h2>{props.title}</h2>
      {props.lead ? <p className="muted">{props.lead}</p> : null}
      <PostForm encType={props.encType} action={props.action} fields={props.fields}>
        {props.children}
        <SubmitRow intent={props.intent}>{props.submit}</SubmitRow>
      </PostForm>
    </>
  );
}
