import { useRouteLoaderData } from "@remix-run/react";
import { useEffect, useState } from "react";
import { t, type Lang } from "#app/utils/i18n.ts";

type Viewer = { id: string; name: string };

/** Every 30 s while the page is open, as PRESENCE_HEARTBEAT_MS on the server. */
const HEARTBEAT_MS = 30_000;

/**
 * "Also being viewed by" on the request page: the staff who had this request open in the
 * last two minutes. `initial` may come from the page's loader (recordRequestViewer), so
 * the names are there without JavaScript; with it, the page sends a heartbeat to
 * /staff/presence/<id> at once and every 30 s while it is visible, and shows the answer.
 * A plain fetch, not a Remix submission: that would reload the whole page each time.
 */
export function AlsoViewing(props: { lang: Lang; requestId: string; initial?: Viewer[] }) {
  const [viewers, setViewers] = useState<Viewer[]>(props.initial ?? []);
  const root = useRouteLoaderData<{ csrf: string }>("root");
  const csrf = root?.csrf ?? "";
  useEffect(() => {
    let stopped = false;
    const beat = async () => {
      if (document.visibilityState !== "visible") return;
      try {
        const res = await fetch(`/staff/presence/${props.requestId}`, { method: "POST", body: new URLSearchParams({ csrf }), credentials: "same-origin" });
        if (!res.ok || stopped) return;
        const data = (await res.json()) as { viewers: Viewer[] };
        setViewers(data.viewers);
      } catch {
        /* offline for a moment: the next beat tries again */
      }
    };
    void beat();
    const timer = setInterval(() => void beat(), HEARTBEAT_MS);
    const onVisible = () => void beat();
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      stopped = true;
      clearInterval(timer);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [props.requestId, csrf]);
  if (!viewers.length) return null;
  return (
    <p className="also-viewing" role="status" data-testid="also-viewing">
      {t(props.lang, "console:inbox.presence.label")} {viewers.map((v) => v.name).join(", ")}
    </p>
  );
}
