import { useEffect, useRef } from "react";

const TYPING = "input, textarea, select, [contenteditable=''], [contenteditable='true']";

/**
 * The inbox's keyboard: j / k move between rows (the row's link takes the focus), Enter
 * opens it (the link's own behaviour), / goes to the search box, ? opens the list of keys.
 * Nothing happens while a field has the focus or with Ctrl/Alt/Meta, so typing is never
 * taken over; without JavaScript the page works as before and the list is still there.
 * Rows are `tr[data-inbox-row]` whose first link opens the request; the search box is
 * `[data-shortcut-search]`.
 */
export function InboxShortcuts(props: { title: string; keys: { key: string; text: string }[] }) {
  const details = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.altKey || e.metaKey || e.defaultPrevented) return;
      const target = e.target as HTMLElement | null;
      if (target?.closest?.(TYPING)) return;
      const rows = [...document.querySelectorAll<HTMLTableRowElement>("tr[data-inbox-row]")];
      const current = rows.findIndex((r) => r.contains(document.activeElement));
      const focusRow = (i: number) => {
        const row = rows[Math.max(0, Math.min(rows.length - 1, i))];
        const link = row?.querySelector<HTMLAnchorElement>("a[href]");
        if (!row || !link) return;
        rows.forEach((r) => r.removeAttribute("data-current"));
        row.setAttribute("data-current", "");
        link.focus();
        row.scrollIntoView({ block: "nearest" });
      };
      if (e.key === "j") {
        e.preventDefault();
        focusRow(current + 1);
      } else if (e.key === "k") {
        e.preventDefault();
        focusRow(current < 0 ? 0 : current - 1);
      } else if (e.key === "Enter" && current < 0) {
        // Enter with no row chosen opens the first one (on a row, the link opens itself).
        const link = rows[0]?.querySelector<HTMLAnchorElement>("a[href]");
        if (link && document.activeElement === document.body) {
          e.preventDefault();
          link.click();
        }
      } else if (e.key === "/") {
        const search = document.querySelector<HTMLInputElement>("[data-shortcut-search]");
        if (search) {
          e.preventDefault();
          search.focus();
          search.select();
        }
      } else if (e.key === "?") {
        const box = details.current;
        if (box) {
          e.preventDefault();
          box.open = !box.open;
          box.querySelector("summary")?.focus();
        }
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);
  return (
    <details className="inbox-shortcuts" ref={details}>
      <summary>{props.title}</summary>
      <dl>
        {props.keys.map((k) => (
          <div key={k.key}>
            <dt>
              <kbd>{k.key}</kbd>
            </dt>
            <dd>{k.text}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
