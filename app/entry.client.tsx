// Remix's default browser entry, plus the page's texts: the HTML carries the namespaces its
// routes declared (i18n-page.tsx); they go into the store before React hydrates, and the
// same JSON is handed back to root.tsx so the data block hydrates unchanged.
import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { PageTextsProvider, readPageTexts } from "#app/utils/i18n-page.tsx";

const pageTexts = readPageTexts();

startTransition(() => {
  hydrateRoot(
    document,
    <StrictMode>
      <PageTextsProvider value={pageTexts}>
        <RemixBrowser />
      </PageTextsProvider>
    </StrictMode>,
  );
});
