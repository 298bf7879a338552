/** Fills {number} {name} {dueDate} {department} in a reply template; unknown placeholders are left out. */
export function renderReplyTemplate(body: string, params: Record<string, string | null | undefined>): string {
  return body
    .replace(/\{(\w+)\}/g, (_, key: string) => params[key] ?? "")
    .replace(/[ \t]{2,}/g, " ")
    .trim();
}
