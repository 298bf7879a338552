// A labelled form control with its hint and error linked by aria-describedby.
import type { ReactNode } from "react";

export function describedBy(id: string, hint?: ReactNode, error?: string) {
  return [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
}

/** A line under a field, `<id>-hint` or `<id>-error`, that the field names in aria-describedby; nothing when empty. */
function FieldNote(props: { id: string; kind: "hint" | "error"; children?: ReactNode }) {
  return props.children ? (
    <p id={`${props.id}-${props.kind}`} className={props.kind === "hint" ? "hint" : "error field-error"}>
      {props.children}
    </p>
  ) : null;
}

export const FieldHint = ({ id, children }: { id: string; children?: ReactNode }) => (
  <FieldNote id={id} kind="hint">
    {children}
  </FieldNote>
);

export const FieldError = ({ id, error }: { id: string; error?: string }) => (
  <FieldNote id={id} kind="error">
    {error}
  </FieldNote>
);

export function TextField(props: {
  id: string;
  name: string;
  label: string;
  hint?: ReactNode;
  error?: string;
  defaultValue?: string;
  type?: string;
  autoComplete?: string;
  inputMode?: "text" | "tel" | "email" | "numeric" | "decimal";
  required?: boolean;
  multiline?: boolean;
  list?: string;
  maxLength?: number;
  onChange?: (value: string) => void;
}) {
  const common = {
    id: props.id,
    name: props.name,
    defaultValue: props.defaultValue,
    "aria-invalid": props.error ? true : undefined,
    "aria-describedby": describedBy(props.id, props.hint, props.error),
    required: props.required,
    maxLength: props.maxLength,
  } as const;
  return (
    <div className={`field${props.error ? " has-error" : ""}`}>
      <label htmlFor={props.id}>{props.label}</label>
      <FieldHint id={props.id}>{props.hint}</FieldHint>
      {props.multiline ? (
        <textarea {...common} rows={5} onChange={props.onChange ? (e) => props.onChange!(e.target.value) : undefined} />
      ) : (
        <input
          {...common}
          type={props.type ?? "text"}
          autoComplete={props.autoComplete}
          inputMode={props.inputMode}
          list={props.list}
          onChange={props.onChange ? (e) => props.onChange!(e.target.value) : undefined}
        />
      )}
      <FieldError id={props.id} error={props.error} />
    </div>
  );
}
