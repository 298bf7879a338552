import type { LoaderFunctionArgs } from "@remix-run/node";
import { listRequestEventsSince } from "#app/domain/requests/list-request-events-since.server.ts";
import { requireStaffUser } from "#app/utils/auth.server.ts";
import { readSearchParams } from "#app/utils/request-input.server.ts";

const POLL_MS = 2_000;

/**
 * Server-sent events: every ~2 s, request events newer than the client's last seen id
 * (Last-Event-ID, or ?after=) that this staff member may see, as `{ requestId, type }`.
 * Postgres is the source, so any number of web processes can serve it.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaffUser(request);
  const url = new URL(request.url);
  const search = readSearchParams(url);
  const from = request.headers.get("last-event-id") ?? search.get("after");
  let lastId: bigint | null = from && /^\d{1,19}$/.test(from) ? BigInt(from) : null;
  const encoder = new TextEncoder();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;

  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const close = () => {
        if (closed) return;
        closed = true;
        if (timer) clearTimeout(timer);
        try {
          controller.close();
        } catch {
          /* already closed */
        }
      };
      request.signal.addEventListener("abort", close, { once: true });
      controller.enqueue(encoder.encode("retry: 3000\n\n"));
      const tick = async () => {
        if (closed) return;
        try {
          const { events, lastId: next } = await listRequestEventsSince({ actor: user, afterId: lastId });
          if (closed) return;
          for (const e of events) {
            controller.enqueue(encoder.encode(`id: ${e.id}\nevent: request\ndata: ${JSON.stringify({ requestId: e.requestId, type: e.type })}\n\n`));
          }
          if (lastId === null || events.length === 0) controller.enqueue(encoder.encode(`: ping ${next}\n\n`));
          lastId = next;
        } catch {
          // A failed poll (database restart) is retried on the next tick.
        }
        if (!closed) timer = setTimeout(tick, POLL_MS);
      };
      await tick();
    },
    cancel() {
      closed = true;
      if (timer) clearTimeout(timer);
    },
  });

  return new Response(stream, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-cache, no-transform",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    },
  });
}
