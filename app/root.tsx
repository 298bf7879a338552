import { data, type LoaderFunctionArgs } from "@remix-run/node";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteError, useRouteLoaderData } from "@remix-run/react";
import { ErrorPage, langOfError } from "#app/components/error-page.tsx";
import { t, type Lang } from "#app/utils/i18n.ts";
import { PageTexts } from "#app/utils/i18n-page.tsx";
import { getCsrfToken } from "#app/utils/csrf.server.ts";
import { getRequestLang } from "#app/utils/lang.server.ts";
import { useNonce } from "#app/utils/nonce.tsx";
import styles from "./styles.css?url";

export const links = () => [{ rel: "stylesheet", href: styles }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { token, setCookie } = getCsrfToken(request);
  return data({ lang: getRequestLang(request), csrf: token }, setCookie ? { headers: { "Set-Cookie": setCookie } } : undefined);
}

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const error = useRouteError();
  const lang: Lang = data?.lang ?? langOfError(error) ?? "uk";
  const nonce = useNonce();
  return (
    <html lang={lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {/* The first stop for the keyboard: past the header straight to the page. */}
        <a href="#main" className="skip-link">
          {t(lang, "skipToContent")}
        </a>
        <header className="site-header">
          <a href={`/?lang=${lang}`} className="brand">
            {t(lang, "appName")}
          </a>
          <a href={`?lang=${lang === "uk" ? "en" : "uk"}`} className="lang-switch" lang={lang === "uk" ? "en" : "uk"} hrefLang={lang === "uk" ? "en" : "uk"}>
            {t(lang, "switchLanguage")}
          </a>
        </header>
        <main id="main">{children}</main>
        <PageTexts nonce={nonce} />
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const data = useRouteLoaderData<typeof loader>("root");
  const lang: Lang = data?.lang ?? langOfError(error) ?? "uk";
  return <ErrorPage error={error} lang={lang} />;
}
