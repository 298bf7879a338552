import type { ComponentProps, ReactNode } from "react";
import { Choices, type Choice } from "#app/components/choices.tsx";

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

type SelectFieldProps = ComponentProps<"select"> & { label: ReactNode; gap?: boolean; choices: readonly Choice[]; none?: ReactNode; noneDisabled?: boolean };

/** A labelled select: an optional empty-valued first option ("any", "none", a disabled "—"), then the choices. */
export function SelectField({ label, gap, choices, none, noneDisabled, ...select }: SelectFieldProps) {
  return (
    <LabelledField label={label} gap={gap}>
      <select {...select}>
        <Choices choices={choices} none={none} noneDisabled={noneDisabled} />
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
