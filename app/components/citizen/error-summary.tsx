// The list of what to fix after a refused submit, at the top of the form: each problem a
// link to its field. When the answer comes back in the browser the summary takes focus and
// scrolls into view, so on a phone (and with a screen reader) the citizen starts from it
// instead of wherever the submit button was.
import { useEffect, useRef } from "react";
import { t, type Lang } from "#app/utils/i18n.ts";

export function ErrorSummary(props: {
  lang: Lang;
  errors: Record<string, string>;
  anchor?: (field: string) => string;
  headingLevel?: 2 | 3;
  /** What changes with each answer from the server (the action's data); defaults to `errors` itself. */
  answer?: unknown;
}) {
  const { lang, errors } = props;
  const ref = useRef<HTMLDivElement>(null);
  const list = Object.entries(errors);
  const answer = props.answer ?? errors;
  const hasErrors = list.length > 0;
  useEffect(() => {
    if (!hasErrors) return;
    ref.current?.focus();
    ref.current?.scrollIntoView({ block: "start" });
  }, [answer, hasErrors]);
  if (!list.length) return null;
  const Heading = props.headingLevel === 3 ? "h3" : "h2";
  return (
    <div className="error-summary" role="alert" tabIndex={-1} ref={ref} id="error-summary" aria-labelledby="error-summary-title" data-testid="error-summary">
      <Heading id="error-summary-title">{t(lang, "citizen:report.errorSummary")}</Heading>
      <ul>
        {list.map(([field, message]) => (
          <li key={field}>
            <a href={`#${props.anchor ? props.anchor(field) : field === "form" ? "error-summary" : field}`}>{message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}
