import { PostForm } from "#app/components/post-form.tsx";

/** Sign out: a POST to /logout (with the CSRF field), so a link or a prefetch cannot end the session. */
export function LogoutForm(props: { label: string }) {
  return (
    <PostForm action="/logout">
      <button type="submit">{props.label}</button>
    </PostForm>
  );
}
