import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Mailer, MailMessage } from '../../domain/ports.js';
import { buildMime } from './mime.js';

export interface OutboxEntry {
  file: string;
  messageId: string;
  sentAt: string;
  to: string[];
  cc: string[];
  subject: string;
}

/** Local stand-in for SES: each message becomes a .eml file under the outbox directory. */
export class OutboxMailer implements Mailer {
  constructor(
    readonly dir: string,
    private readonly from = 'Theo dõi kiến nghị <no-reply@demo.example>',
  ) {}

  async send(message: MailMessage): Promise<{ messageId: string }> {
    await mkdir(this.dir, { recursive: true });
    const messageId = `${randomUUID()}@outbox.local`;
    const sentAt = new Date().toISOString();
    const raw = await buildMime(message, this.from);
    const base = `${sentAt.replace(/[:.]/g, '-')}-${messageId.slice(0, 8)}`;
    await writeFile(join(this.dir, `${base}.eml`), raw);
    const meta: OutboxEntry = {
      file: `${base}.eml`,
      messageId,
      sentAt,
      to: message.to,
      cc: message.cc ?? [],
      subject: message.subject,
    };
    await writeFile(join(this.dir, `${base}.json`), JSON.stringify(meta));
    return { messageId };
  }

  /** Messages, newest first. */
  async list(): Promise<OutboxEntry[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return [];
    }
    const metas = await Promise.all(
      names
        .filter((n) => n.endsWith('.json'))
        .map(async (n) => JSON.parse(await readFile(join(this.dir, n), 'utf8')) as OutboxEntry),
    );
    return metas.sort((a, b) => b.sentAt.localeCompare(a.sentAt));
  }

  async read(file: string): Promise<Buffer> {
    if (!/^[\w.-]+\.eml$/.test(file)) throw new Error('bad outbox file name');
    return readFile(join(this.dir, file));
  }
}
