import type { ReactNode } from "react";

export type Choice = { value: string; label: ReactNode };

/** A select's options: an optional first empty-valued one ("any", "none" or a disabled "—"), then the choices. */
export function Choices(props: { choices: readonly Choice[]; none?: ReactNode; noneDisabled?: boolean }) {
  return (
    <>
      {props.none === undefined ? null : (
        <option value="" disabled={props.noneDisabled}>
          {props.none}
        </option>
      )}
      {props.choices.map((c) => (
        <option key={c.value} value={c.value}>
          {c.label}
        </option>
      ))}
    </>
  );
}
