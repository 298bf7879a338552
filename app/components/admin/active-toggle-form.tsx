import { PostForm } from "#app/components/post-form.tsx";
import { t, type Lang } from "#app/utils/i18n.ts";

/** "Active: yes [Deactivate]" — the same switch for departments and staff accounts. */
export function ActiveToggleForm(props: { lang: Lang; action: string; idName: string; id: string; active: boolean }) {
  const { lang, active } = props;
  return (
    <PostForm action={props.action} fields={{ [props.idName]: props.id }}>
      {active ? t(lang, "admin:yes") : t(lang, "admin:no")}{" "}
      <button type="submit" name="intent" value={active ? "deactivate" : "activate"}>
        {t(lang, active ? "admin:actions.deactivate" : "admin:actions.activate")}
      </button>
    </PostForm>
  );
}
