// GET /staff/requests/:id/letter — the official answer letter of an appeal as a page to
// print (and the link to its PDF), for staff who may see the request; audited like the PDF.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AppealLetterView } from "#app/components/appeals/appeal-letter-view.tsx";
import { PrintButton } from "#app/components/appeals/print-button.tsx";
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
  return (
    <section className="appeal-letter-page">
      <p className="appeal-letter-page__actions">
        <a href={`/staff/requests/${id}?lang=${lang}`}>{t(lang, "requests:letter.back")}</a>
        <a href={`/staff/requests/${id}/letter.pdf`} download>
          {t(lang, "requests:letter.download")}
        </a>
        <PrintButton label={t(lang, "requests:letter.print")} />
      </p>
      <AppealLetterView letter={letter} />
    </section>
  );
}
