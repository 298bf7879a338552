import { useFetcher, useRouteLoaderData } from "@remix-run/react";
import { useEffect } from "react";
import { t, type Lang } from "#app/utils/i18n.ts";

type Viewer = { id: string; name: string };

/** Every 30 s while the page is open, as PRESENCE_HEARTBEAT_MS on the server. */
const HEARTBEAT_MS = 30_000;

/**
 * "Also being viewed by" on the request page: the staff who had this request open in the
 * last two minutes. `initial` comes from the page's loader (which records this visit), so
 * the names are there without JavaScript; with it, the page sends a heartbeat to
 * /staff/presence/<id> every 30 s while it is visible and shows the answer.
 */
export function AlsoViewing(props: { lang: Lang; requestId: string; initial?: Viewer[] }) {
  const fetcher = useFetcher<{ viewers: Viewer[] }>();
  const root = useRouteLoaderData<{ csrf: string }>("root");
  const csrf = root?.csrf ?? "";
  useEffect(() => {
    const beat = () => {
      if (document.visibilityState !== "visible") return;
      fetcher.submit({ csrf }, { method: "post", action: `/staff/presence/${props.requestId}` });
    };
    const timer = setInterval(beat, HEARTBEAT_MS);
    document.addEventListener("visibilitychange", beat);
    return () => {
      clearInterval(timer);
      document.removeEventListener("visibilitychange", beat);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.requestId, csrf]);
  const viewers = fetcher.data?.viewers ?? props.initial ?? [];
  if (!viewers.length) return null;
  return (
    <p className="also-viewing" role="status" data-testid="also-viewing">
      {t(props.lang, "console:inbox.presence.label")} {viewers.map((v) => v.name).join(", ")}
    </p>
  );
}
