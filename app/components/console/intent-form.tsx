import type { ReactNode } from "react";
import { PostForm } from "#app/components/post-form.tsx";

/**
 * One action on the request page as its own form: the intent it posts, a fieldset whose
 * legend (also the form's accessible name) says what it does, its fields, and one submit
 * button — or `buttons` where the choice is made by which button is pressed. `multipart` for
 * a form that sends files.
 */
export function IntentForm(props: { intent: string; title: string; children?: ReactNode; submit?: string; buttons?: ReactNode; multipart?: boolean }) {
  return (
    <PostForm
      className="request-action"
      aria-label={props.title}
      fields={{ intent: props.intent }}
      encType={props.multipart ? "multipart/form-data" : undefined}
    >
      <fieldset>
        <legend>{props.title}</legend>
        {props.children}
        {props.buttons ?? <button type="submit">{props.submit}</button>}
      </fieldset>
    </PostForm>
  );
}
