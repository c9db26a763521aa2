import ExcelJS from 'exceljs';
import type { Mailer, MailMessage } from '../../shared/domain/ports.js';
import { type createTestApp, type RoleSpec, tokenFor } from '../support/app.js';

export type TestApp = Awaited<ReturnType<typeof createTestApp>>;

/** Sets the test clock to a Vietnam local time: day 'YYYY-MM-DD' at `hh:mm` (default 09:00). */
export function at(t: TestApp, day: string, time = '09:00'): void {
  t.clock.set(new Date(`${day}T${time}:00+07:00`));
}

/** Records one recommendation through the API; returns the created item. */
export async function record(t: TestApp, dialogueId: string, body: Record<string, unknown>, unit = 'u1') {
  const res = await t.call('POST', `/api/dialogues/${dialogueId}/recommendations`, {
    as: 'office',
    unit,
    body,
  });
  if (res.status !== 201) throw new Error(`create: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; ref: string; version: number; status: string; dueDate: string | null };
}

export async function resolve(t: TestApp, id: string, department: string, unit = 'u1') {
  const res = await t.call('POST', `/api/recommendations/${id}/resolve`, {
    as: `department:${department}`,
    unit,
    body: { answer: 'Đã kiểm tra và xử lý xong', documentRef: '15/UBND-VP' },
  });
  if (res.status !== 200) throw new Error(`resolve: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function review(t: TestApp, id: string, body: Record<string, unknown>, unit = 'u1') {
  const res = await t.call('POST', `/api/recommendations/${id}/review`, { as: 'front', unit, body });
  if (res.status !== 200) throw new Error(`review: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function patch(t: TestApp, id: string, body: Record<string, unknown>, unit = 'u1') {
  const current = await t.call('GET', `/api/recommendations/${id}`, { as: 'office', unit });
  const res = await t.call('PATCH', `/api/recommendations/${id}`, {
    as: 'office',
    unit,
    body: { version: current.body.version, ...body },
  });
  if (res.status !== 200) throw new Error(`patch: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function dialogue(t: TestApp, heldOn: string, title: string, unit = 'u1'): Promise<string> {
  const res = await t.call('POST', '/api/dialogues', {
    as: 'office',
    unit,
    body: { title, heldOn, location: 'Hội trường UBND phường', chairs: ['Chủ tịch UBND phường'] },
  });
  if (res.status !== 201) throw new Error(`dialogue: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

/** A raw request (binary bodies intact). */
export async function raw(t: TestApp, method: string, path: string, as: RoleSpec, unit = 'u1') {
  const res = await t.app.request(path, {
    method,
    headers: { authorization: `Bearer ${await tokenFor(as, unit)}` },
  });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

/** Rows of a sheet as arrays of plain values (hyperlinks → their text, dates → YYYY-MM-DD). */
export async function sheetRows(bytes: Uint8Array, sheetName: string): Promise<unknown[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet(sheetName);
  if (!sheet)
    throw new Error(`no sheet ${sheetName}; have ${workbook.worksheets.map((w) => w.name).join(', ')}`);
  const rows: unknown[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const values = (row.values as unknown[]).slice(1).map((v) => {
      if (v instanceof Date) return v.toISOString().slice(0, 10);
      if (v && typeof v === 'object' && 'hyperlink' in v) return (v as unknown as { text: string }).text;
      return v ?? null;
    });
    rows.push(values);
  });
  // exceljs leaves out trailing empty cells: pad every row to the header's width.
  const width = rows[0]?.length ?? 0;
  return rows.map((r) => (r.length < width ? [...r, ...Array(width - r.length).fill(null)] : r));
}

/** A mailer that fails its first `failures` sends (then delivers to `inner`, if given). */
export class FlakyMailer implements Mailer {
  calls = 0;
  readonly sent: MailMessage[] = [];
  constructor(
    private failures: number,
    private readonly inner?: Mailer,
  ) {}
  async send(message: MailMessage): Promise<{ messageId: string }> {
    this.calls++;
    if (this.failures > 0) {
      this.failures--;
      throw Object.assign(new Error('Throttling: Maximum sending rate exceeded.'), { name: 'Throttling' });
    }
    this.sent.push(message);
    return this.inner ? this.inner.send(message) : { messageId: `flaky-${this.calls}` };
  }
}
