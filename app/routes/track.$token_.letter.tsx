// GET /track/:token/letter — the official answer to the citizen's appeal as a page to print,
// with the link to its PDF; for the holder of the tracking link. 404 for a wrong link, a
// request that is not an official appeal, or one not answered yet.
import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AppealLetterPage } from "#app/components/appeals/appeal-letter-view.tsx";
import { getAppealLetterForCitizen } from "#app/domain/appeals/appeal-letter.server.ts";
import { t } from "#app/utils/i18n.ts";
import { loadPageTexts, type PageHandle } from "#app/utils/i18n-page.tsx";
import { getRequestLang } from "#app/utils/lang.server.ts";
import { throwAsResponse } from "#app/utils/user-error.server.ts";

export const handle: PageHandle = { i18n: ["requests"] };
export const clientLoader = loadPageTexts(handle);

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [
  { title: loaded ? t(loaded.lang, "requests:letter.title", { number: loaded.letter.appeal.number }) : "" },
  // The URL holds the private token: never send it to another site, never index it.
  { name: "referrer", content: "no-referrer" },
  { name: "robots", content: "noindex" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const lang = getRequestLang(request);
  try {
    const token = params.token ?? "";
    const letter = await getAppealLetterForCitizen({ token });
    return data({ lang, token, letter }, { headers: { "Cache-Control": "private, no-store", "Referrer-Policy": "no-referrer" } });
  } catch (e) {
    throwAsResponse(e, lang);
  }
}

export default function CitizenAppealLetter() {
  const { lang, token, letter } = useLoaderData<typeof loader>();
  return <AppealLetterPage lang={lang} letter={letter} backHref={`/track/${token}?lang=${lang}`} pdfHref={`/track/${token}/letter.pdf`} />;
}
