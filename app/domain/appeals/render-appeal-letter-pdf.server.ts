// The answer letter as an A4 PDF. PDFKit's built-in fonts have no Cyrillic, so the letter is
// set in DejaVu Sans (embedded, subset). The font files are found through the package
// resolver, so the same code works from the sources and from the built server.
import { createRequire } from "node:module";
import PDFDocument from "pdfkit";
import { t } from "#app/utils/i18n.server.ts";
import type { AppealLetter } from "./appeal-letter.server.ts";

const require = createRequire(import.meta.url);
const FONT_REGULAR = require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans.ttf");
const FONT_BOLD = require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf");

// 2 cm left (the binding side), 1.5 cm elsewhere: the margins of an official letter (ДСТУ 4163).
const CM = 72 / 2.54;

export function renderAppealLetterPdf(letter: AppealLetter): Promise<Buffer> {
  const lang = "uk" as const;
  const doc = new PDFDocument({
    size: "A4",
    margins: { top: 2 * CM, bottom: 2 * CM, left: 3 * CM, right: 1.5 * CM },
    info: { Title: t(lang, "requests:letter.title", { number: letter.appeal.number }), Author: letter.city.name },
    lang: "uk-UA",
  });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  doc.registerFont("regular", FONT_REGULAR);
  doc.registerFont("bold", FONT_BOLD);
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;

  // The city's form: name and requisites, centred, with a rule under them.
  doc.font("bold").fontSize(13).text(letter.city.name, { align: "center", width });
  doc.moveDown(0.3);
  doc.font("regular").fontSize(9);
  doc.text(letter.city.address, { align: "center", width });
  doc.text([t(lang, "requests:letter.phone", { phone: letter.city.phone }), t(lang, "requests:letter.email", { email: letter.city.email })].join("   "), {
    align: "center",
    width,
  });
  doc.text(t(lang, "requests:letter.edrpou", { code: letter.city.edrpou }), { align: "center", width });
  doc.moveDown(0.4);
  const ruleY = doc.y;
  doc
    .moveTo(doc.page.margins.left, ruleY)
    .lineTo(doc.page.margins.left + width, ruleY)
    .lineWidth(1)
    .stroke();
  doc.moveDown(0.8);

  // Registration: outgoing number and date, and the appeal it answers.
  doc.fontSize(11);
  doc.text(t(lang, "requests:letter.outgoing", letter.outgoing), { width: width / 2 });
  doc.text(t(lang, "requests:letter.incoming", { number: letter.appeal.number, date: letter.appeal.date }), { width: width / 2 });
  doc.moveDown(1);

  // The addressee, in the right half.
  const half = doc.page.margins.left + width / 2;
  doc.font("bold").text(t(lang, "requests:letter.to"), half, doc.y, { width: width / 2 });
  doc.font("regular").text(letter.addressee.fullName, half, doc.y, { width: width / 2 });
  doc.text(letter.addressee.residence, half, doc.y, { width: width / 2 });
  if (letter.addressee.contact) doc.text(t(lang, "requests:letter.contact", { contact: letter.addressee.contact }), half, doc.y, { width: width / 2 });
  doc.moveDown(1.5);

  const x = doc.page.margins.left;
  doc
    .font("bold")
    .text(t(lang, "requests:letter.subject", { kind: letter.appeal.kind, number: letter.appeal.number, date: letter.appeal.date }), x, doc.y, { width });
  doc.moveDown(1);
  doc.font("regular").text(t(lang, "requests:letter.greeting", { name: letter.addressee.fullName }), x, doc.y, { width, align: "center" });
  doc.moveDown(0.6);
  doc.text(t(lang, "requests:letter.lead", { number: letter.appeal.number, date: letter.appeal.date }), x, doc.y, {
    width,
    align: "justify",
    indent: 1.25 * CM,
  });
  doc.moveDown(0.5);
  for (const paragraph of letter.answer.split(/\n+/)) {
    doc.text(paragraph.trim(), x, doc.y, { width, align: "justify", indent: 1.25 * CM });
    doc.moveDown(0.3);
  }
  doc.moveDown(0.5);
  doc.fontSize(9).text(t(lang, "requests:letter.appealRight"), x, doc.y, { width, align: "justify" });
  doc.moveDown(2);

  // Signature block: position on the left, name on the right, the date under them.
  doc.fontSize(11);
  const signY = doc.y;
  doc.text(letter.signer.position || " ", x, signY, { width: width * 0.55 });
  const afterPosition = doc.y;
  doc.font("bold").text(letter.signer.name, x + width * 0.6, signY, { width: width * 0.4, align: "right" });
  doc.font("regular").text(letter.outgoing.date, x, Math.max(afterPosition, doc.y) + 6, { width });
  doc.end();
  return done;
}
