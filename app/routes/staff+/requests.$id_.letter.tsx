// GET /staff/requests/:id/letter — the official answer letter of an appeal as a page to
// print (and the link to its PDF), for staff who may see the request; audited like the PDF.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AppealLetterPage } from "#app/components/appeals/appeal-letter-view.tsx";
import { getAppealLetterForStaff } from "#app/domain/appeals/appeal-letter.server.ts";
import { requireStaffUser } from "#app/utils/auth.server.ts";
import { getClientAddress } from "#app/utils/client-address.server.ts";
import { t } from "#app/utils/i18n.ts";
import { loadPageTexts, type PageHandle } from "#app/utils/i18n-page.tsx";
import { getRequestLang } from "#app/utils/lang.server.ts";
import { throwAsResponse } from "#app/utils/user-error.server.ts";

export const handle: PageHandle = { i18n: ["console", "staff", "requests"] };
export const clientLoader = loadPageTexts(handle);

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? t(data.lang, "requests:letter.title", { number: data.letter.appeal.number }) : "" },
  { name: "robots", content: "noindex" },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireStaffUser(request);
  const lang = getRequestLang(request);
  try {
    const id = params.id ?? "";
    const letter = await getAppealLetterForStaff({ actor: user, requestId: id, format: "print", ip: getClientAddress(request, context) });
    return { lang, id, letter };
  } catch (e) {
    throwAsResponse(e, lang);
  }
}

export default function StaffAppealLetter() {
  const { lang, id, letter } = useLoaderData<typeof loader>();
  return <AppealLetterPage lang={lang} letter={letter} backHref={`/staff/requests/${id}?lang=${lang}`} pdfHref={`/staff/requests/${id}/letter.pdf`} />;
}
