import { getDb } from "#app/utils/db.server.ts";
import { readQuestions, type Notice, type Question } from "./category-questions.ts";

export type ReportCategory = {
  code: string;
  name: string;
  groupName: string | null;
  isEmergency: boolean;
  requiresLocation: boolean;
  allowsAnonymous: boolean;
  statutoryApplies: boolean;
  departmentName: string | null;
  questions: Question[];
  notices: Notice[];
};

/** The chosen category as the report form shows it, or null when unknown or inactive. */
export async function getReportCategory(options: { code: string; lang: "uk" | "en" }): Promise<ReportCategory | null> {
  const c = await getDb().category.findUnique({
    where: { code: options.code },
    include: { parent: { select: { nameUk: true, nameEn: true } }, department: { select: { nameUk: true, nameEn: true } } },
  });
  if (!c || !c.active) return null;
  const en = options.lang === "en";
  return {
    code: c.code,
    name: en ? c.nameEn : c.nameUk,
    groupName: c.parent ? (en ? c.parent.nameEn : c.parent.nameUk) : null,
    isEmergency: c.isEmergency,
    requiresLocation: c.requiresLocation,
    allowsAnonymous: c.allowsAnonymous,
    statutoryApplies: c.statutoryApplies,
    departmentName: c.department ? (en ? c.department.nameEn : c.department.nameUk) : null,
    ...readQuestions(c.extraQuestions, options.lang),
  };
}
