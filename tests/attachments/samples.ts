/** Real small files of each kind, and files that only pretend to be one. */
import { Paragraph } from 'docx';
import { packDocument } from '../../shared/adapters/documents/admin-docx.js';
import { sectionsWorkbook } from '../../shared/adapters/reports/xlsx.js';

export const PDF = new TextEncoder().encode(
  '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
);
export const PNG = new Uint8Array(
  Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
    'base64',
  ),
);
export const JPEG = new Uint8Array([
  0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01,
  0x00, 0x00, 0xff, 0xd9,
]);
export const docx = () =>
  packDocument({ title: 'Công văn', subject: 'Trả lời' }, [new Paragraph({ text: 'Công văn trả lời' })]);
export const xlsx = async () =>
  new Uint8Array(await sectionsWorkbook('Bảng', [{ name: 'A', headers: ['x'], rows: [] }]));
export const TEXT = new TextEncoder().encode('Đây là văn bản thường, không phải PDF');

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export function multipart(bytes: Uint8Array, name: string, type = 'application/octet-stream'): FormData {
  const form = new FormData();
  form.append('file', new File([bytes], name, { type }));
  return form;
}
