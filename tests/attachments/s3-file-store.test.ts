/**
 * The S3 file store at the SDK client boundary (aws-sdk-client-mock): the bucket, one key per unit and
 * item, the content type, the presigned URLs' expiry and signed headers; and the service's presigned
 * upload flow on S3 (checked by the stored bytes, moved inside the bucket, recorded).
 */
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  NotFound,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { simpleParser } from 'mailparser';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { awsFiles } from '../../shared/aws-deps-files.js';
import { completeUpload, startUpload } from '../../shared/services/attachment-service.js';
import { deliverUnitMails } from '../../shared/services/mail-outbox/dispatch.js';
import { createTestApp, seedUnit } from '../support/app.js';
import { PDF, TEXT } from './samples.js';

const s3 = mockClient(S3Client);
const ENV = {
  FILES_BUCKET: 'dialogue-followup-prod-files-123',
  AWS_REGION: 'ap-southeast-1',
  AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'secret-example',
};
const BUCKET = ENV.FILES_BUCKET;

beforeEach(() => {
  s3.reset();
  for (const [k, v] of Object.entries(ENV)) vi.stubEnv(k, v);
});
afterEach(() => vi.unstubAllEnvs());

const body = (bytes: Uint8Array) => ({ transformToByteArray: async () => bytes }) as never;

describe('S3FileStore', () => {
  it('puts, reads the first bytes, moves inside the bucket and deletes, on the bucket and key given', async () => {
    const store = awsFiles();
    s3.on(PutObjectCommand).resolves({});
    s3.on(GetObjectCommand).resolves({ Body: body(PDF) });
    s3.on(CopyObjectCommand).resolves({});
    s3.on(DeleteObjectCommand).resolves({});
    await store.put('units/u1/attachments/rec-1/att-1', PDF, 'application/pdf');
    expect(s3.commandCalls(PutObjectCommand)[0]?.args[0].input).toEqual({
      Bucket: BUCKET,
      Key: 'units/u1/attachments/rec-1/att-1',
      Body: PDF,
      ContentType: 'application/pdf',
    });
    await store.readStart('pending/units/u1/up-1', 262_144);
    expect(s3.commandCalls(GetObjectCommand)[0]?.args[0].input).toEqual({
      Bucket: BUCKET,
      Key: 'pending/units/u1/up-1',
      Range: 'bytes=0-262143',
    });
    await store.move('pending/units/u1/up-1', 'units/u1/attachments/rec-1/up-1');
    expect(s3.commandCalls(CopyObjectCommand)[0]?.args[0].input).toEqual({
      Bucket: BUCKET,
      Key: 'units/u1/attachments/rec-1/up-1',
      CopySource: `${BUCKET}/pending/units/u1/up-1`,
    });
    expect(s3.commandCalls(DeleteObjectCommand)[0]?.args[0].input).toEqual({
      Bucket: BUCKET,
      Key: 'pending/units/u1/up-1',
    });
  });

  it('a missing object is undefined, other errors are thrown', async () => {
    const store = awsFiles();
    s3.on(HeadObjectCommand).rejects(
      new NotFound({ message: 'not found', $metadata: { httpStatusCode: 404 } }),
    );
    expect(await store.head('pending/units/u1/none')).toBeUndefined();
    s3.on(GetObjectCommand).rejects(new Error('AccessDenied'));
    await expect(store.get('units/u1/x')).rejects.toThrow('AccessDenied');
  });

  it('presigns an upload for 5 minutes with the content type and exact length signed, and no checksum a browser could not send', async () => {
    const upload = await awsFiles().uploadUrl('pending/units/u1/up-1', {
      size: 1234,
      contentType: 'application/pdf',
    });
    const url = new URL(upload.url);
    expect(url.host).toBe(`${BUCKET}.s3.ap-southeast-1.amazonaws.com`);
    expect(url.pathname).toBe('/pending/units/u1/up-1');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('300');
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('content-length;content-type;host');
    expect(url.searchParams.get('x-id')).toBe('PutObject');
    expect([...url.searchParams.keys()].filter((k) => /checksum/i.test(k))).toEqual([]);
    expect(upload.headers).toEqual({ 'content-type': 'application/pdf', 'content-length': '1234' });
    expect(upload.method).toBe('PUT');
    // The upload URL is not a request the server makes: nothing was sent to S3.
    expect(s3.calls()).toHaveLength(0);
  });

  it('presigns a download for 2 minutes under the file name and type', async () => {
    const href = await awsFiles().downloadUrl('units/u1/attachments/rec-1/att-1', {
      filename: 'Công văn 215.pdf',
      contentType: 'application/pdf',
    });
    const url = new URL(href);
    expect(url.pathname).toBe('/units/u1/attachments/rec-1/att-1');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('120');
    expect(url.searchParams.get('x-id')).toBe('GetObject');
    expect(url.searchParams.get('response-content-type')).toBe('application/pdf');
    expect(url.searchParams.get('response-content-disposition')).toBe(
      `attachment; filename="Cong van 215.pdf"; filename*=UTF-8''${encodeURIComponent('Công văn 215.pdf')}`,
    );
    expect(awsFiles().uploadOrigin).toBe(`https://${BUCKET}.s3.ap-southeast-1.amazonaws.com`);
  });
});

describe('the presigned upload flow on S3', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let itemId: string;
  beforeAll(async () => {
    t = await createTestApp();
    const { dialogueId } = await seedUnit(t);
    const res = await t.call('POST', `/api/dialogues/${dialogueId}/recommendations`, {
      as: 'office',
      body: { content: 'Sửa đường', source: 'at_dialogue', disposition: 'assigned', departmentId: 'dc' },
    });
    itemId = res.body.id;
  });
  const office = { sub: 'o', name: 'Văn phòng', roles: ['office' as const], departmentId: null };

  it("checks the uploaded object's size and first bytes, then moves it under its unit and item and records it", async () => {
    const deps = { ...t.deps, files: awsFiles() };
    const { uploadId, upload } = await startUpload(
      deps,
      'u1',
      itemId,
      { name: 'cv.pdf', size: PDF.length, contentType: 'application/pdf' },
      office,
    );
    expect(new URL(upload.url).pathname).toBe(`/pending/units/u1/${uploadId}`);
    s3.on(HeadObjectCommand).resolves({ ContentLength: PDF.length, ContentType: 'application/pdf' });
    s3.on(GetObjectCommand).resolves({ Body: body(PDF) });
    s3.on(CopyObjectCommand).resolves({});
    s3.on(DeleteObjectCommand).resolves({});
    const attachment = await completeUpload(deps, 'u1', itemId, uploadId, { name: 'cv.pdf' }, office);
    expect(attachment).toMatchObject({
      id: uploadId,
      name: 'cv.pdf',
      size: PDF.length,
      contentType: 'application/pdf',
    });
    expect(s3.commandCalls(HeadObjectCommand)[0]?.args[0].input).toEqual({
      Bucket: BUCKET,
      Key: `pending/units/u1/${uploadId}`,
    });
    expect(s3.commandCalls(GetObjectCommand)[0]?.args[0].input.Range).toBe('bytes=0-262143');
    expect(s3.commandCalls(CopyObjectCommand)[0]?.args[0].input.Key).toBe(
      `units/u1/attachments/${itemId}/${uploadId}`,
    );
    const rec = await t.deps.recommendations.get('u1', itemId, true);
    expect(rec?.attachments?.map((a) => a.id)).toEqual([uploadId]);
  });

  it('deletes an upload whose bytes are not an allowed type, or that is too large, and records nothing', async () => {
    const deps = { ...t.deps, files: awsFiles() };
    s3.on(HeadObjectCommand).resolves({ ContentLength: TEXT.length, ContentType: 'application/pdf' });
    s3.on(GetObjectCommand).resolves({ Body: body(TEXT) });
    s3.on(DeleteObjectCommand).resolves({});
    await expect(completeUpload(deps, 'u1', itemId, 'up-text', { name: 'x.pdf' }, office)).rejects.toThrow(
      'Dữ liệu không hợp lệ',
    );
    expect(s3.commandCalls(DeleteObjectCommand)[0]?.args[0].input).toEqual({
      Bucket: BUCKET,
      Key: 'pending/units/u1/up-text',
    });
    s3.reset();
    s3.on(HeadObjectCommand).resolves({
      ContentLength: 10 * 1024 * 1024 + 1,
      ContentType: 'application/pdf',
    });
    s3.on(DeleteObjectCommand).resolves({});
    await expect(completeUpload(deps, 'u1', itemId, 'up-big', { name: 'x.pdf' }, office)).rejects.toThrow();
    expect(s3.commandCalls(GetObjectCommand)).toHaveLength(0);
    expect(s3.commandCalls(DeleteObjectCommand)[0]?.args[0].input.Key).toBe('pending/units/u1/up-big');
    expect(s3.commandCalls(CopyObjectCommand)).toHaveLength(0);
  });
});

describe('a queued mail whose attachment is a stored file', () => {
  it('is sent later with the DOCX read from the bucket (what the unit worker does in AWS)', async () => {
    const t = await createTestApp();
    const { dialogueId } = await seedUnit(t);
    // The assignment notice would be a second queued mail: only the notice's is looked at here.
    await t.call('PUT', '/api/notice-settings', { as: 'admin', body: { assignment: false } });
    await t.call('POST', `/api/dialogues/${dialogueId}/recommendations`, {
      as: 'office',
      body: { content: 'Dọn rác kênh', source: 'at_dialogue', disposition: 'assigned', departmentId: 'dc' },
    });
    const working = t.deps.mailer;
    t.deps.mailer = { send: async () => Promise.reject(new Error('Service Unavailable')) };
    const issued = await t.call('POST', `/api/dialogues/${dialogueId}/conclusion-notice/issue`, {
      as: 'office',
      body: { number: '7', date: '2023-10-20' },
    });
    t.deps.mailer = working;
    expect(issued.status, JSON.stringify(issued.body)).toBe(200);
    expect(issued.body.mails.map((m: { sent: boolean }) => m.sent)).toEqual([false]);

    const stored = `units/u1/documents/${dialogueId}/v2-thong-bao-ket-luan-so-7-TB-UBND.docx`;
    const docx = await t.files.read(stored);
    s3.on(GetObjectCommand).resolves({ Body: body(docx) });
    t.clock.set(new Date(t.clock.now().getTime() + 2 * 60_000));
    const sent = await deliverUnitMails({ ...t.deps, files: awsFiles() }, 'u1', { mode: 'due' });
    expect(sent).toEqual({ sent: 1, failed: 0 });
    expect(s3.commandCalls(GetObjectCommand).map((c) => c.args[0].input)).toEqual([
      { Bucket: BUCKET, Key: stored },
    ]);
    const [entry] = await t.outbox.list();
    const mail = await simpleParser(await t.outbox.read((entry as { file: string }).file));
    expect(mail.attachments.map((a) => a.filename)).toEqual(['thong-bao-ket-luan-so-7-TB-UBND.docx']);
    expect(Buffer.from(mail.attachments[0]?.content ?? []).equals(Buffer.from(docx))).toBe(true);
  });
});
