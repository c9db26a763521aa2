/**
 * The SES mailer at the SDK client boundary: a plain message goes as SendEmail (SES builds the MIME,
 * no MIME library in the escalation and sweep bundles), a message with attachments as SendRawEmail with
 * the MIME built by the injected builder, refused clearly without one; SES errors reach the caller.
 * Also the Lambda builders: each function's mailer can do what that function sends.
 */
import {
  MessageRejected,
  SESClient,
  SendEmailCommand,
  type SendEmailCommandInput,
  SendRawEmailCommand,
} from '@aws-sdk/client-ses';
import { mockClient } from 'aws-sdk-client-mock';
import { type AddressObject, simpleParser } from 'mailparser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildMime } from '../../shared/adapters/mail/mime.js';
import { encodeAddress, SesMailer } from '../../shared/adapters/mail/ses-mailer.js';
import { awsReportsDeps } from '../../shared/aws-deps.js';
import { awsApiDeps } from '../../shared/aws-deps-api.js';
import { awsTrackerDeps } from '../../shared/aws-deps-tracker.js';
import { ENV } from '../../shared/config.js';
import type { MailMessage } from '../../shared/domain/ports.js';
import { handleEscalationEvent } from '../../shared/services/escalation/event-handler.js';
import { attachEscalation } from '../../shared/services/escalation/planner.js';
import { createTestApp, seedUnit } from '../support/app.js';

const ses = mockClient(SESClient);
beforeEach(() => ses.reset());
afterEach(() => ses.reset());

const FROM = 'Theo dõi kiến nghị <no-reply@demo.example>';
const client = () => new SESClient({ region: 'ap-southeast-1' });

const plain: MailMessage = {
  to: ['dc@demo.example', 'vhxh@demo.example'],
  cc: ['chutich@demo.example'],
  subject: 'Quá hạn 2 ngày làm việc: chuyển cấp 1 (Chủ tịch UBND)',
  html: '<p>Kiến nghị <strong>KN-2023-0007</strong>: Sửa đèn chiếu sáng hẻm 9</p>',
  text: 'Kiến nghị KN-2023-0007: Sửa đèn chiếu sáng hẻm 9',
};
const xlsxBytes = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 1, 2, 3, 250, 251, 252]);
const withAttachment: MailMessage = {
  to: ['btv@demo.example'],
  cc: ['vanphong@demo.example'],
  subject: 'Tổng hợp kiến nghị quý 4/2023',
  html: '<p>Báo cáo tổng hợp quý 4/2023 đính kèm.</p>',
  text: 'Báo cáo tổng hợp quý 4/2023 đính kèm.',
  attachments: [
    {
      filename: 'tong-hop-quy-4-2023.xlsx',
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      content: xlsxBytes,
    },
  ],
};

/** How a mail client reads an address header SES would write from this text. */
async function parsedFrom(header: string): Promise<{ name: string; address?: string }> {
  const mail = await simpleParser(Buffer.from(`From: ${header}\r\nSubject: x\r\n\r\nx\r\n`));
  return mail.from?.value[0] as { name: string; address?: string };
}

const addresses = (a: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(a) ? a : a ? [a] : []).flatMap((o) => o.value.map((v) => v.address));

describe('a message without attachments: SendEmail, SES builds the MIME', () => {
  it('sends Subject, Html and Text in UTF-8, To and Cc, the Source and the configuration set', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-plain-0001' });
    const mailer = new SesMailer(client(), FROM, { configurationSet: 'dialogue-followup-test' });

    const out = await mailer.send(plain);

    expect(out).toEqual({ messageId: 'ses-plain-0001' });
    expect(ses.commandCalls(SendRawEmailCommand)).toHaveLength(0);
    const calls = ses.commandCalls(SendEmailCommand);
    expect(calls).toHaveLength(1);
    const input = calls[0]?.args[0].input as SendEmailCommandInput;
    expect(input.Message).toEqual({
      Subject: { Data: plain.subject, Charset: 'UTF-8' },
      Body: {
        Html: { Data: plain.html, Charset: 'UTF-8' },
        Text: { Data: plain.text, Charset: 'UTF-8' },
      },
    });
    expect(input.Destination).toEqual({
      ToAddresses: ['dc@demo.example', 'vhxh@demo.example'],
      CcAddresses: ['chutich@demo.example'],
    });
    expect(input.ConfigurationSetName).toBe('dialogue-followup-test');
    // The Vietnamese display name travels as RFC 2047 encoded words and reads back unchanged.
    expect(input.Source).toMatch(/^=\?UTF-8\?B\?[A-Za-z0-9+/=]+\?= <no-reply@demo\.example>$/);
    expect(await parsedFrom(input.Source as string)).toEqual({
      name: 'Theo dõi kiến nghị',
      address: 'no-reply@demo.example',
    });
  });

  it('without Cc or configuration set, neither is sent; an ASCII source is left as it is', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-plain-0002' });
    const mailer = new SesMailer(client(), 'no-reply@demo.example');

    await mailer.send({ ...plain, cc: [] });

    const input = ses.commandCalls(SendEmailCommand)[0]?.args[0].input as SendEmailCommandInput;
    expect(input.Destination).toEqual({ ToAddresses: ['dc@demo.example', 'vhxh@demo.example'] });
    expect(input).not.toHaveProperty('ConfigurationSetName');
    expect(input.Source).toBe('no-reply@demo.example');
  });

  it('a plain message needs no MIME builder even when the mailer has one', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-plain-0003' });
    let built = 0;
    const mailer = new SesMailer(client(), FROM, {
      rawMime: async (m, from) => {
        built++;
        return buildMime(m, from);
      },
    });
    await mailer.send(plain);
    expect(built).toBe(0);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
    expect(ses.commandCalls(SendRawEmailCommand)).toHaveLength(0);
  });
});

describe('a message with attachments: SendRawEmail with the injected MIME builder', () => {
  it('sends the MIME built by buildMime: headers, both bodies and the attachment bytes', async () => {
    ses.on(SendRawEmailCommand).resolves({ MessageId: 'ses-raw-0001' });
    const mailer = new SesMailer(client(), FROM, {
      configurationSet: 'dialogue-followup-test',
      rawMime: buildMime,
    });

    const out = await mailer.send(withAttachment);

    expect(out).toEqual({ messageId: 'ses-raw-0001' });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
    const calls = ses.commandCalls(SendRawEmailCommand);
    expect(calls).toHaveLength(1);
    const input = calls[0]?.args[0].input;
    expect(input?.ConfigurationSetName).toBe('dialogue-followup-test');
    const mail = await simpleParser(Buffer.from(input?.RawMessage?.Data as Uint8Array));
    expect(mail.from?.value[0]).toMatchObject({
      name: 'Theo dõi kiến nghị',
      address: 'no-reply@demo.example',
    });
    expect(addresses(mail.to)).toEqual(['btv@demo.example']);
    expect(addresses(mail.cc)).toEqual(['vanphong@demo.example']);
    expect(mail.subject).toBe(withAttachment.subject);
    expect(mail.html).toContain('Báo cáo tổng hợp quý 4/2023 đính kèm.');
    expect(mail.text?.trim()).toBe(withAttachment.text);
    expect(mail.attachments).toHaveLength(1);
    const [attachment] = mail.attachments;
    expect(attachment?.filename).toBe('tong-hop-quy-4-2023.xlsx');
    expect(attachment?.contentType).toBe(withAttachment.attachments?.[0]?.contentType);
    expect(new Uint8Array(attachment?.content as Buffer)).toEqual(xlsxBytes);
  });

  it('without a MIME builder, a message with attachments is refused clearly and nothing is sent', async () => {
    const mailer = new SesMailer(client(), FROM, { configurationSet: 'dialogue-followup-test' });
    await expect(mailer.send(withAttachment)).rejects.toThrow(
      /attachments needs a raw MIME builder \(SesMailerOptions\.rawMime\)/,
    );
    expect(ses.calls()).toHaveLength(0);
  });
});

describe('SES errors reach the caller', () => {
  const rejected = () =>
    new MessageRejected({ message: 'Email address is not verified.', $metadata: { httpStatusCode: 400 } });

  it('SendEmail: the SDK error is thrown as it is', async () => {
    ses.on(SendEmailCommand).rejects(rejected());
    const mailer = new SesMailer(client(), FROM);
    const error = await mailer.send(plain).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MessageRejected);
    expect(error).toMatchObject({ name: 'MessageRejected', message: 'Email address is not verified.' });
  });

  it('SendRawEmail: the SDK error is thrown as it is', async () => {
    ses.on(SendRawEmailCommand).rejects(rejected());
    const mailer = new SesMailer(client(), FROM, { rawMime: buildMime });
    await expect(mailer.send(withAttachment)).rejects.toBeInstanceOf(MessageRejected);
  });

  it('an escalation e-mail goes as SendEmail; SES failing twice, the service retries and sends once', async () => {
    const e = await createTestApp({ now: '2023-10-20T02:00:00Z' });
    attachEscalation(e.deps);
    const { dialogueId } = await seedUnit(e);
    const created = await e.call('POST', `/api/dialogues/${dialogueId}/recommendations`, {
      as: 'office',
      body: {
        content: 'Đề nghị sửa đường hẻm 41',
        source: 'at_dialogue',
        disposition: 'assigned',
        departmentId: 'dc',
        dueDate: '2023-10-25',
      },
    });
    expect(created.status).toBe(201);
    const outage = Object.assign(new Error('Service Unavailable'), {
      name: 'ServiceUnavailable',
      $metadata: { httpStatusCode: 503 },
    });
    ses
      .on(SendEmailCommand)
      .rejectsOnce(outage)
      .rejectsOnce(outage)
      .resolves({ MessageId: 'ses-escalation-0001' });
    // As the escalation function builds it: no MIME builder.
    const mailer = new SesMailer(client(), FROM, { configurationSet: 'dialogue-followup-test' });
    e.clock.set(new Date('2023-10-27T02:00:00Z'));

    const outcome = await handleEscalationEvent(
      { ...e.deps, mailer },
      { unitId: 'u1', recommendationId: created.body.id, level: 1, dueDate: '2023-10-25' },
    );

    expect(outcome.outcome).toBe('escalated');
    const calls = ses.commandCalls(SendEmailCommand);
    expect(calls).toHaveLength(3);
    const input = calls[2]?.args[0].input as SendEmailCommandInput;
    expect(input.Destination?.ToAddresses).toContain('dc@demo.example');
    expect(input.Message?.Subject?.Charset).toBe('UTF-8');
    expect(input.Message?.Subject?.Data).toContain('Quá hạn');
    expect(input.Message?.Body?.Html?.Data).toContain('Đề nghị sửa đường hẻm 41');
    expect(input.Message?.Body?.Text?.Data).toContain('Đề nghị sửa đường hẻm 41');
    expect(ses.commandCalls(SendRawEmailCommand)).toHaveLength(0);
  });
});

describe('encodeAddress', () => {
  it('splits a long Vietnamese display name into encoded words of at most 75 characters', async () => {
    const name = 'Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam phường Bến Nghé, Quận 1';
    const encoded = encodeAddress(`"${name}" <mttq@demo.example>`);
    const words = encoded.replace(/ <[^>]+>$/, '').split(' ');
    expect(words.length).toBeGreaterThan(1);
    for (const w of words) expect(w.length).toBeLessThanOrEqual(75);
    expect(await parsedFrom(encoded)).toEqual({ name, address: 'mttq@demo.example' });
  });

  it('leaves bare addresses and ASCII names alone', () => {
    expect(encodeAddress('dc@demo.example')).toBe('dc@demo.example');
    expect(encodeAddress('Phong Dia chinh <dc@demo.example>')).toBe('Phong Dia chinh <dc@demo.example>');
  });
});

describe('the Lambda builders (shared/aws-deps*.ts)', () => {
  const env = {
    AWS_REGION: 'ap-southeast-1',
    [ENV.tableName]: 'test-table',
    [ENV.publicBaseUrl]: 'https://kiennghi.example.gov.vn',
    [ENV.mailFrom]: 'no-reply@example.gov.vn',
    [ENV.sesConfigurationSet]: 'dialogue-followup-test',
    [ENV.scheduleGroup]: 'escalations',
    [ENV.schedulerRoleArn]: 'arn:aws:iam::123456789012:role/scheduler',
    [ENV.escalationFunctionArn]: 'arn:aws:lambda:ap-southeast-1:123456789012:function:escalation',
    [ENV.schedulerDlqArn]: 'arn:aws:sqs:ap-southeast-1:123456789012:dlq',
  };

  it('escalation and sweep: no Cognito settings needed, no verifier; plain mail only', async () => {
    const deps = awsTrackerDeps(env);
    expect(deps).not.toHaveProperty('verifier');
    expect(deps.listeners).toHaveLength(1);
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-tracker-0001' });
    expect(await deps.mailer.send(plain)).toEqual({ messageId: 'ses-tracker-0001' });
    expect(ses.commandCalls(SendEmailCommand)[0]?.args[0].input.ConfigurationSetName).toBe(
      'dialogue-followup-test',
    );
    await expect(deps.mailer.send(withAttachment)).rejects.toThrow(/raw MIME builder/);
    expect(() => awsTrackerDeps({ ...env, [ENV.scheduleGroup]: '' })).toThrow(
      `Missing environment variable ${ENV.scheduleGroup}`,
    );
  });

  it('reports: no scheduler settings needed; the XLSX goes as SendRawEmail', async () => {
    const { [ENV.scheduleGroup]: _g, [ENV.schedulerRoleArn]: _r, ...reportsEnv } = env;
    const deps = awsReportsDeps(buildMime, reportsEnv);
    expect(deps).not.toHaveProperty('scheduler');
    ses.on(SendRawEmailCommand).resolves({ MessageId: 'ses-reports-0001' });
    expect(await deps.mailer.send(withAttachment)).toEqual({ messageId: 'ses-reports-0001' });
    const mail = await simpleParser(
      Buffer.from(ses.commandCalls(SendRawEmailCommand)[0]?.args[0].input.RawMessage?.Data as Uint8Array),
    );
    expect(mail.from?.value[0]?.address).toBe('no-reply@example.gov.vn');
    expect(mail.attachments.map((a) => a.filename)).toEqual(['tong-hop-quy-4-2023.xlsx']);
  });

  it('API: needs the Cognito settings and the unit-work queue; its mailer sends attachments too', async () => {
    expect(() => awsApiDeps(env)).toThrow(`Missing environment variable ${ENV.userPoolId}`);
    const cognito = {
      ...env,
      [ENV.userPoolId]: 'ap-southeast-1_test',
      [ENV.userPoolClientId]: 'client',
      [ENV.cognitoDomain]: 'test.auth.ap-southeast-1.amazoncognito.com',
      [ENV.filesBucket]: 'files-bucket',
    };
    expect(() => awsApiDeps(cognito)).toThrow(`Missing environment variable ${ENV.unitWorkQueueUrl}`);
    const deps = awsApiDeps({
      ...cognito,
      [ENV.unitWorkQueueUrl]: 'https://sqs.ap-southeast-1.amazonaws.com/123456789012/unit-work',
    });
    expect(deps.queue).toBeDefined();
    expect(deps.web?.signIn).toMatchObject({ redirectUri: 'https://kiennghi.example.gov.vn/auth/callback' });
    ses.on(SendRawEmailCommand).resolves({ MessageId: 'ses-api-0001' });
    expect(await deps.mailer.send(withAttachment)).toEqual({ messageId: 'ses-api-0001' });
  });
});
