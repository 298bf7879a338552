import { LabelledField } from "#app/components/console/labelled-field.tsx";
import type { Lang } from "#app/utils/i18n.ts";

export type TreeCategory = { code: string; nameUk: string; nameEn: string; parentCode: string | null };

/** The tree given by row ids (id, parentId), as CategorySelect takes it (by codes). */
export function withParentCodes<C extends { id: string; code: string; parentId: string | null; nameUk: string; nameEn: string }>(
  categories: readonly C[],
): TreeCategory[] {
  const codeOf = new Map(categories.map((c) => [c.id, c.code]));
  return categories.map((c) => ({ code: c.code, nameUk: c.nameUk, nameEn: c.nameEn, parentCode: c.parentId ? (codeOf.get(c.parentId) ?? null) : null }));
}

type Group = { code: string; label: string; leaves: { code: string; label: string }[] };

/**
 * The classifier as a select: each top-level category with children is an <optgroup> named
 * after it, holding its leaves (a deeper leaf is named with its path below the group:
 * «Parent › Leaf»); a top-level category without children is an option of its own. Only
 * leaves are chosen: the group's name is a heading, as in the citizen's category tree.
 */
export function categoryGroups(lang: Lang, categories: readonly TreeCategory[]): { single: { code: string; label: string }[]; groups: Group[] } {
  const name = (c: TreeCategory) => (lang === "en" ? c.nameEn : c.nameUk);
  const byCode = new Map(categories.map((c) => [c.code, c]));
  const hasChildren = new Set(categories.map((c) => c.parentCode).filter((c): c is string => c !== null && byCode.has(c)));
  const pathOf = (c: TreeCategory): TreeCategory[] => {
    const out = [c];
    const seen = new Set([c.code]);
    let parent = c.parentCode ? byCode.get(c.parentCode) : undefined;
    while (parent && !seen.has(parent.code)) {
      out.unshift(parent);
      seen.add(parent.code);
      parent = parent.parentCode ? byCode.get(parent.parentCode) : undefined;
    }
    return out;
  };
  const single: { code: string; label: string }[] = [];
  const groups = new Map<string, Group>();
  for (const c of categories) {
    if (hasChildren.has(c.code)) {
      const path = pathOf(c);
      if (path.length === 1) groups.set(c.code, groups.get(c.code) ?? { code: c.code, label: name(c), leaves: [] });
      continue;
    }
    const path = pathOf(c);
    if (path.length === 1) {
      single.push({ code: c.code, label: name(c) });
      continue;
    }
    const root = path[0]!;
    const group = groups.get(root.code) ?? { code: root.code, label: name(root), leaves: [] };
    groups.set(root.code, group);
    group.leaves.push({ code: c.code, label: path.slice(1).map(name).join(" › ") });
  }
  return { single, groups: [...groups.values()].filter((g) => g.leaves.length) };
}

/** A labelled category select showing the classifier's tree as groups. */
export function CategorySelect(props: {
  lang: Lang;
  label: string;
  name: string;
  categories: readonly TreeCategory[];
  defaultValue?: string;
  required?: boolean;
  /** The first, empty option's text (e.g. "not chosen"); without it a disabled "—" asks to choose. */
  none?: string;
}) {
  const { single, groups } = categoryGroups(props.lang, props.categories);
  return (
    <LabelledField label={props.label}>
      <select name={props.name} required={props.required} defaultValue={props.defaultValue ?? ""}>
        {props.none === undefined ? (
          <option value="" disabled>
            —
          </option>
        ) : (
          <option value="">{props.none}</option>
        )}
        {groups.map((g) => (
          <optgroup key={g.code} label={g.label}>
            {g.leaves.map((l) => (
              <option key={l.code} value={l.code}>
                {l.label}
              </option>
            ))}
          </optgroup>
        ))}
        {single.map((c) => (
          <option key={c.code} value={c.code}>
            {c.label}
          </option>
        ))}
      </select>
    </LabelledField>
  );
}
