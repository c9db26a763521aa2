/** A request body sent in 64 KiB chunks without Content-Length, counting what the server pulled. */
export function chunkedBody(bytes: Uint8Array, chunkSize = 64 * 1024) {
  const pulled = { bytes: 0 };
  let at = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      const chunk = bytes.subarray(at, at + chunkSize);
      at += chunk.length;
      pulled.bytes += chunk.length;
      controller.enqueue(chunk);
    },
  });
  return { body, pulled, duplex: 'half' as const };
}
