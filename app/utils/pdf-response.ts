/** A letter's PDF as a download-or-view response: never cached, never sniffed, named by the appeal's number. */
export function pdfResponse(pdf: Buffer, number: string, extraHeaders: Record<string, string> = {}) {
  const name = `vidpovid-${number.replace(/[^A-Za-z0-9-]/g, "_")}.pdf`;
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Length": String(pdf.length),
      "Content-Disposition": `inline; filename="${name}"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
      ...extraHeaders,
    },
  });
}
