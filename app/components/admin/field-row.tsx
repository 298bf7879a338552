import type { ComponentProps, ReactNode } from "react";
import { Choices, type ChoicesProps } from "#app/components/choices.tsx";

// The admin forms' layout: a label tied to its control by id, the control, and an optional
// hint under it that the control points to with aria-describedby (`<id>-hint`).

type RowProps = { id: string; label: ReactNode; hint?: ReactNode };

const hintId = (id: string, hint: ReactNode) => (hint ? `${id}-hint` : undefined);

function Row(props: RowProps & { children: ReactNode }) {
  return (
    <>
      <label htmlFor={props.id}>{props.label}</label>
      {props.children}
      {props.hint ? (
        <small id={`${props.id}-hint`} className="muted">
          {props.hint}
        </small>
      ) : null}
    </>
  );
}

export function InputRow({ id, label, hint, ...input }: RowProps & ComponentProps<"input">) {
  return (
    <Row id={id} label={label} hint={hint}>
      <input id={id} {...input} aria-describedby={hintId(id, hint)} />
    </Row>
  );
}

export function TextareaRow({ id, label, hint, ...textarea }: RowProps & ComponentProps<"textarea">) {
  return (
    <Row id={id} label={label} hint={hint}>
      <textarea id={id} {...textarea} aria-describedby={hintId(id, hint)} />
    </Row>
  );
}

type SelectRowProps = RowProps & ComponentProps<"select"> & ChoicesProps;

export function SelectRow({ id, label, hint, choices, none, choose, ...select }: SelectRowProps) {
  return (
    <Row id={id} label={label} hint={hint}>
      <select id={id} {...select} aria-describedby={hintId(id, hint)}>
        <Choices choices={choices} none={none} choose={choose} />
      </select>
    </Row>
  );
}

/** The form's submit button on its own line; `intent` names what it does when the form has more than one. */
export function SubmitRow(props: { intent?: string; children: ReactNode }) {
  return (
    <p>
      <button type="submit" name={props.intent ? "intent" : undefined} value={props.intent}>
        {props.children}
      </button>
    </p>
  );
}
