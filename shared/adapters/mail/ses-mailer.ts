import { type SESClient, SendRawEmailCommand } from '@aws-sdk/client-ses';
import type { Mailer, MailMessage } from '../../domain/ports.js';
import { buildMime } from './mime.js';

/** Sends through SES SendRawEmail (needed for attachments), tagged with the configuration set. */
export class SesMailer implements Mailer {
  constructor(
    private readonly client: SESClient,
    private readonly from: string,
    private readonly configurationSet?: string,
  ) {}

  async send(message: MailMessage): Promise<{ messageId: string }> {
    const raw = await buildMime(message, this.from);
    const out = await this.client.send(
      new SendRawEmailCommand({
        RawMessage: { Data: raw },
        ...(this.configurationSet ? { ConfigurationSetName: this.configurationSet } : {}),
      }),
    );
    return { messageId: out.MessageId ?? '' };
  }
}
