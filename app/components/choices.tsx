import type { ReactNode } from "react";

export type Choice = { value: string; label: ReactNode };

export type ChoicesProps = {
  choices: readonly Choice[];
  /** A first, empty-valued option that may be chosen ("any", "none"). */
  none?: ReactNode;
  /** A first, disabled "—" option: nothing is chosen until the person picks one (with `required`). */
  choose?: boolean;
};

/** A select's options: the empty-valued first one when asked for, then the choices. */
export function Choices(props: ChoicesProps) {
  return (
    <>
      {props.choose ? (
        <option value="" disabled>
          —
        </option>
      ) : props.none === undefined ? null : (
        <option value="">{props.none}</option>
      )}
      {props.choices.map((c) => (
        <option key={c.value} value={c.value}>
          {c.label}
        </option>
      ))}
    </>
  );
}
