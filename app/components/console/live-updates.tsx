import { useRevalidator } from "@remix-run/react";
import { useEffect, useState } from "react";
import { t, type Lang } from "#app/utils/i18n.ts";

/**
 * Subscribes to /staff/events (server-sent events). On the request page, a change to this
 * request re-fetches the data; elsewhere a "changed — reload" notice appears.
 */
export function LiveUpdates(props: { lang: Lang; requestId?: string }) {
  const revalidator = useRevalidator();
  const [changed, setChanged] = useState(false);
  useEffect(() => {
    if (typeof EventSource === "undefined") return;
    const source = new EventSource("/staff/events");
    source.addEventListener("request", (e) => {
      try {
        const data = JSON.parse((e as MessageEvent).data) as { requestId: string };
        if (props.requestId) {
          if (data.requestId === props.requestId) revalidator.revalidate();
        } else setChanged(true);
      } catch {
        /* a malformed event is ignored */
      }
    });
    return () => source.close();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.requestId]);
  if (!changed) return null;
  return (
    <p role="status" className="live-notice" data-testid="live-notice">
      {t(props.lang, "console:live.updated")}{" "}
      <button
        type="button"
        onClick={() => {
          setChanged(false);
          revalidator.revalidate();
        }}
      >
        {t(props.lang, "console:live.reload")}
      </button>
    </p>
  );
}
