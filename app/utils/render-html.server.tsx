// A page's HTML as a stream of UTF-8 bytes.
//
// React 18.3's Node renderer (renderToPipeableStream) encodes text into fixed 2 KB buffers
// and, when a character of several bytes does not fit in what is left of a buffer, sends
// the whole buffer anyway: the unused byte goes out as a NUL and the character is split
// («потріб\0не»), which browsers show as a replacement mark, also inside attributes
// (react/react issue 31134; fixed only in React 19, which Remix 2 does not support).
// Ukrainian text is two bytes a letter, so every long page crossed such an edge. The
// renderer for web streams encodes each piece of text whole and copies bytes, so a
// character can never be cut: we render with it (Node 20 has web streams built in).
import type { ReactElement } from "react";
import { renderToReadableStream } from "react-dom/server.browser";

export type RenderHtmlOptions = {
  nonce?: string;
  signal?: AbortSignal;
  /** Every error while rendering, before or after the shell was sent. */
  onError?: (error: unknown) => void;
  /** Wait for the whole document (bots, SPA mode) instead of sending the shell first. */
  waitForAll?: boolean;
};

/** The document's byte stream, once its shell (or, with waitForAll, all of it) is ready; rejects when the shell fails. */
export async function renderHtml(element: ReactElement, options: RenderHtmlOptions = {}): Promise<ReadableStream<Uint8Array>> {
  // The caller's signal (a render timeout) stops a render still under way; once everything is
  // rendered there is nothing to stop, and React would report closing the finished stream as
  // a render failure.
  const render = new AbortController();
  const stop = () => render.abort(options.signal?.reason);
  if (options.signal?.aborted) stop();
  else options.signal?.addEventListener("abort", stop, { once: true });
  const stream = await renderToReadableStream(element, {
    nonce: options.nonce,
    signal: render.signal,
    // React reads a returned string as the error's digest; ours only report.
    onError: (error) => void options.onError?.(error),
  });
  void stream.allReady.then(
    () => options.signal?.removeEventListener("abort", stop),
    () => {},
  );
  if (options.waitForAll) await stream.allReady;
  return stream.pipeThrough(coalesced());
}

/** Up to this much of what the renderer wrote at once goes out as one piece. */
const PIECE_BYTES = 64 * 1024;

/**
 * The renderer writes in 2 KB pieces; each piece sent on its own is a write to the socket
 * and, for a compressed answer, a flush of the compressor. What it writes in one go (all of
 * a page without suspended parts) is joined into pieces of up to 64 KB; a suspended part
 * still goes out as soon as it is rendered.
 */
function coalesced(): TransformStream<Uint8Array, Uint8Array> {
  let parts: Uint8Array[] = [];
  let size = 0;
  let pending: NodeJS.Immediate | null = null;
  const send = (controller: TransformStreamDefaultController<Uint8Array>) => {
    if (pending) clearImmediate(pending);
    pending = null;
    if (!size) return;
    const piece = parts.length === 1 ? parts[0]! : new Uint8Array(size);
    if (parts.length > 1) {
      let at = 0;
      for (const p of parts) {
        piece.set(p, at);
        at += p.byteLength;
      }
    }
    parts = [];
    size = 0;
    controller.enqueue(piece);
  };
  return new TransformStream({
    transform(chunk, controller) {
      parts.push(chunk);
      size += chunk.byteLength;
      if (size >= PIECE_BYTES) send(controller);
      else pending ??= setImmediate(() => send(controller));
    },
    flush: send,
  });
}
