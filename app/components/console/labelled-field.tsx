import type { ComponentProps, ReactNode } from "react";
import { Choices, type ChoicesProps } from "#app/components/choices.tsx";

/** A label around its control: the text, a space (unless `gap` is false), the control; the label names it without ids. */
export function LabelledField(props: { label: ReactNode; gap?: boolean; children: ReactNode }) {
  return (
    <label>
      {props.label}
      {props.gap === false ? null : " "}
      {props.children}
    </label>
  );
}

type TextFieldProps = { label: ReactNode; gap?: boolean } & (
  ({ multiline?: false } & ComponentProps<"input">) | ({ multiline: true } & ComponentProps<"textarea">)
);

/** A labelled text input, or a textarea when `multiline`. */
export function TextField(props: TextFieldProps) {
  const { label, gap, multiline, ...control } = props;
  return (
    <LabelledField label={label} gap={gap}>
      {multiline ? <textarea {...(control as ComponentProps<"textarea">)} /> : <input {...(control as ComponentProps<"input">)} />}
    </LabelledField>
  );
}

type SelectFieldProps = ComponentProps<"select"> & ChoicesProps & { label: ReactNode; gap?: boolean };

/** A labelled select (options: Choices). */
export function SelectField({ label, gap, choices, none, choose, ...select }: SelectFieldProps) {
  return (
    <LabelledField label={label} gap={gap}>
      <select {...select}>
        <Choices choices={choices} none={none} choose={choose} />
      </select>
    </LabelledField>
  );
}

/** A checkbox with its text after it, both inside the label. */
export function CheckboxField({ label, ...input }: Omit<ComponentProps<"input">, "type"> & { label: ReactNode }) {
  return (
    <label>
      <input type="checkbox" {...input} /> {label}
    </label>
  );
}
