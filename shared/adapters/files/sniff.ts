/** A file's type from its bytes (magic numbers, and the parts of a ZIP for .docx), with file-type. */
import { fileTypeFromBuffer } from 'file-type/core';

export async function sniffContentType(bytes: Uint8Array): Promise<string | null> {
  return (await fileTypeFromBuffer(bytes))?.mime ?? null;
}
