import type { ReactNode } from "react";

/**
 * A list as a table with a header row of column headers (an empty one where a column has no
 * title), or, when `empty` is given and there is nothing to list, that sentence instead. The
 * table sits in a scrolling box so a wide one never makes the page scroll sideways on a phone.
 */
export function DataTable<T>(props: {
  columns: readonly ReactNode[];
  rows: readonly T[];
  row: (item: T, index: number) => ReactNode;
  empty?: ReactNode;
  caption?: ReactNode;
  className?: string;
  testId?: string;
}) {
  if (props.empty !== undefined && props.rows.length === 0) return <p>{props.empty}</p>;
  // A table wider than the screen scrolls in this box (styles.css .table-scroll), not the page;
  // the box takes the keyboard focus so it can be scrolled without a mouse.
  return (
    <div className="table-scroll" tabIndex={0}>
      <table className={props.className} data-testid={props.testId}>
        {props.caption ? <caption>{props.caption}</caption> : null}
        <thead>
          <tr>
            {props.columns.map((c, i) => (
              <th key={i} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{props.rows.map(props.row)}</tbody>
      </table>
    </div>
  );
}
