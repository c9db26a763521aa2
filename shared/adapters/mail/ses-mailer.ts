import { type SESClient, SendEmailCommand, SendRawEmailCommand } from '@aws-sdk/client-ses';
import type { Mailer, MailMessage } from '../../domain/ports.js';

/** Builds the MIME bytes of a message, attachments included (`buildMime` in ./mime.ts). */
export type RawMimeBuilder = (message: MailMessage, from: string) => Promise<Uint8Array>;

export interface SesMailerOptions {
  /** Tags every message with the configuration set (bounce and complaint events). */
  configurationSet?: string | undefined;
  /**
   * Only for whoever sends attachments (reports): without it a message with attachments is refused.
   * Injected so that functions sending plain messages do not bundle a MIME library.
   */
  rawMime?: RawMimeBuilder;
}

/**
 * Sends through SES. A plain message (HTML + text) goes as SendEmail, whose MIME SES builds; a message
 * with attachments goes as SendRawEmail, with the MIME built by the injected `rawMime`.
 */
export class SesMailer implements Mailer {
  constructor(
    private readonly client: SESClient,
    private readonly from: string,
    private readonly options: SesMailerOptions = {},
  ) {}

  async send(message: MailMessage): Promise<{ messageId: string }> {
    const configurationSet = this.options.configurationSet
      ? { ConfigurationSetName: this.options.configurationSet }
      : {};
    if (message.attachments?.length) {
      const rawMime = this.options.rawMime;
      if (!rawMime) {
        throw new Error(
          'SesMailer: a message with attachments needs a raw MIME builder (SesMailerOptions.rawMime)',
        );
      }
      const out = await this.client.send(
        new SendRawEmailCommand({
          RawMessage: { Data: await rawMime(message, this.from) },
          ...configurationSet,
        }),
      );
      return { messageId: out.MessageId ?? '' };
    }
    const utf8 = (Data: string) => ({ Data, Charset: 'UTF-8' });
    const out = await this.client.send(
      new SendEmailCommand({
        Source: encodeAddress(this.from),
        Destination: {
          ToAddresses: message.to.map(encodeAddress),
          ...(message.cc?.length ? { CcAddresses: message.cc.map(encodeAddress) } : {}),
        },
        Message: {
          Subject: utf8(message.subject),
          Body: { Html: utf8(message.html), Text: utf8(message.text) },
        },
        ...configurationSet,
      }),
    );
    return { messageId: out.MessageId ?? '' };
  }
}

/**
 * SendEmail takes the addresses as header text: a display name outside ASCII ("Theo dõi kiến nghị
 * <no-reply@…>") must be a MIME encoded-word (RFC 2047), at most 75 characters each.
 */
export function encodeAddress(address: string): string {
  const m = /^\s*(?:"([^"]*)"|([^<]*?))\s*<([^>]+)>\s*$/.exec(address);
  const name = m?.[1] ?? m?.[2];
  if (!m || !name || /^[\x20-\x7e]*$/.test(name)) return address;
  const words: string[] = [];
  let chunk = '';
  for (const ch of name) {
    // 45 bytes → 60 base64 characters, plus the 12 of `=?UTF-8?B?…?=`.
    if (Buffer.byteLength(chunk + ch) > 45) {
      words.push(chunk);
      chunk = '';
    }
    chunk += ch;
  }
  words.push(chunk);
  const encoded = words.map((w) => `=?UTF-8?B?${Buffer.from(w).toString('base64')}?=`).join(' ');
  return `${encoded} <${m[3]}>`;
}
