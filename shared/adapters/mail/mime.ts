import type { MailMessage } from '../../domain/ports.js';

/**
 * Builds the RFC 5322 / MIME bytes of a message (HTML + text alternative + attachments). nodemailer's
 * composer is loaded on the first message built, not when a function starts: only report sends with
 * attachments (and the local outbox) need it.
 */
export async function buildMime(message: MailMessage, from: string): Promise<Buffer> {
  const { default: MailComposer } = await import('nodemailer/lib/mail-composer/index.js');
  const composer = new MailComposer({
    from,
    to: message.to,
    ...(message.cc?.length ? { cc: message.cc } : {}),
    subject: message.subject,
    text: message.text,
    html: message.html,
    attachments: (message.attachments ?? []).map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      content: Buffer.from(a.content),
    })),
  });
  return composer.compile().build();
}
