/** A file's type from its bytes (magic numbers, and the parts of a ZIP for .docx), with file-type. */
import { fileTypeFromBuffer } from 'file-type/core';

/** How many bytes are read to tell a stored upload's type (a .docx names its parts in its first entries). */
export const SNIFF_BYTES = 256 * 1024;

export async function sniffContentType(bytes: Uint8Array): Promise<string | null> {
  return (await fileTypeFromBuffer(bytes))?.mime ?? null;
}
