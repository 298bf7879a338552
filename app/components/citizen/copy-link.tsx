// "Save your link": the tracking link as plain text the citizen can select, bookmark or
// share without JavaScript, and, once the page runs in a browser with a clipboard, a
// button that copies it and says so (announced to screen readers).
import { useState, useSyncExternalStore } from "react";
import { t, type Lang } from "#app/utils/i18n.ts";

const noSubscription = () => () => {};

export function CopyLink(props: { lang: Lang; url: string }) {
  const { lang, url } = props;
  // The button only where it can work: never in the server's HTML.
  const canCopy = useSyncExternalStore(
    noSubscription,
    () => typeof navigator !== "undefined" && Boolean(navigator.clipboard),
    () => false,
  );
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  return (
    <div className="copy-link">
      <label htmlFor="tracking-link-text">{t(lang, "citizen:track.saveLinkLabel")}</label>
      <input id="tracking-link-text" type="text" readOnly value={url} onFocus={(e) => e.currentTarget.select()} />
      {canCopy ? (
        <button
          type="button"
          className="secondary"
          data-testid="copy-link"
          onClick={() => {
            navigator.clipboard.writeText(url).then(
              () => setState("copied"),
              () => setState("failed"),
            );
          }}
        >
          {t(lang, "citizen:track.copyLink")}
        </button>
      ) : null}
      <p role="status" className="hint">
        {state === "copied" ? t(lang, "citizen:track.copied") : state === "failed" ? t(lang, "citizen:track.copyFailed") : ""}
      </p>
    </div>
  );
}
