// A third party's response body, read with a ceiling: the declared length may be absent or
// wrong, so bytes are counted while reading and the read stops as soon as the limit is
// passed. Each integration says which of its own errors a failed read and an oversize body are.

export async function readLimited(res: Response, options: { maxBytes: number; readFailed: (e: unknown) => Error; tooLarge: () => Error }): Promise<Buffer> {
  if (!res.body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = res.body.getReader();
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch (e) {
      throw options.readFailed(e);
    }
    if (chunk.done) break;
    total += chunk.value.byteLength;
    if (total > options.maxBytes) {
      void reader.cancel().catch(() => undefined);
      throw options.tooLarge();
    }
    chunks.push(chunk.value);
  }
  return Buffer.concat(chunks);
}
