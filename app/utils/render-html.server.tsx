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
  const stream = await renderToReadableStream(element, {
    nonce: options.nonce,
    signal: options.signal,
    // React reads a returned string as the error's digest; ours only report.
    onError: (error) => void options.onError?.(error),
  });
  if (options.waitForAll) await stream.allReady;
  return stream;
}
