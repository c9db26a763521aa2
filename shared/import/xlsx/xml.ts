/**
 * One XML part of an xlsx, read as it is inflated, with saxes (a streaming, non-validating XML parser that
 * never expands entities: a DOCTYPE is refused here and an undefined entity is an error). The reader
 * bounds element nesting and attributes per element; the zip layer bounds the bytes.
 */
import { SaxesParser } from 'saxes';
import { limitExceeded, unreadableXlsx } from '../errors.js';
import { IMPORT_LIMITS } from '../limits.js';
import { timeSlice } from '../time-slice.js';

/** Characters handed to the parser at a time (a few milliseconds of work). */
const WRITE_CHARS = 8 * 1024;

export interface XmlHandlers {
  /** `name` is the local name: `x:c` and `c` are both `c`. Attribute names keep their prefix. */
  open?(name: string, attributes: Record<string, string>): void;
  close?(name: string): void;
  /** Character data (text and CDATA), in document order. */
  text?(text: string): void;
}

const localName = (name: string) => name.slice(name.indexOf(':') + 1);

export async function readXml(chunks: AsyncIterable<Uint8Array>, handlers: XmlHandlers): Promise<void> {
  const parser = new SaxesParser({ position: false });
  let depth = 0;
  let attributes = 0;
  parser.on('doctype', () => {
    throw unreadableXlsx();
  });
  parser.on('opentagstart', () => {
    attributes = 0;
    if (++depth > IMPORT_LIMITS.xmlDepth) throw limitExceeded('xmlDepth');
  });
  parser.on('attribute', () => {
    if (++attributes > IMPORT_LIMITS.xmlAttributes) throw limitExceeded('xmlAttributes');
  });
  parser.on('opentag', (tag) =>
    handlers.open?.(localName(tag.name), tag.attributes as Record<string, string>),
  );
  // Also emitted for a self-closing tag, right after its opentag.
  parser.on('closetag', (tag) => {
    depth--;
    handlers.close?.(localName(tag.name));
  });
  if (handlers.text) {
    const text = handlers.text;
    parser.on('text', text);
    parser.on('cdata', text);
  }
  const decoder = new TextDecoder();
  const slice = timeSlice();
  for await (const chunk of chunks) {
    const text = decoder.decode(chunk, { stream: true });
    for (let at = 0; at < text.length; at += WRITE_CHARS) {
      parser.write(text.slice(at, at + WRITE_CHARS));
      await slice();
    }
  }
  parser.write(decoder.decode());
  parser.close();
}
