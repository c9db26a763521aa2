/**
 * The file store on a laptop: objects are files under a directory (the data directory), and the
 * "presigned" URLs are this server's own `/local-files/<token>` with an HMAC-signed, expiring token
 * (routes in shared/http/routes/local-files.ts) — the same port and the same flow as S3.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import type { FileStore, PresignedUpload, StoredFile } from '../../domain/ports.js';

import { LOCAL_FILES_PATH } from './local-files-path.js';

export { LOCAL_FILES_PATH };
export const UPLOAD_URL_SECONDS = 300;
export const DOWNLOAD_URL_SECONDS = 120;

export interface LocalGrant {
  op: 'get' | 'put';
  key: string;
  /** Expiry, epoch seconds. */
  exp: number;
  contentType: string;
  size?: number;
  filename?: string;
}

export class LocalFileStore implements FileStore {
  readonly uploadOrigin = null;
  private readonly root: string;

  constructor(
    dir: string,
    private readonly now: () => Date = () => new Date(),
    private readonly secret: Buffer = randomBytes(32),
  ) {
    this.root = resolve(dir);
  }

  /** The file of a key, never outside the root (keys are built from validated ids, this is a second guard). */
  private path(key: string): string {
    if (
      !/^(pending\/)?units\/[A-Za-z0-9_.:/-]+$/.test(key) ||
      key.split('/').some((p) => p === '..' || p === '.' || p === '')
    )
      throw new Error(`bad file key ${key}`);
    const path = resolve(this.root, key);
    if (!path.startsWith(this.root + sep)) throw new Error(`bad file key ${key}`);
    return path;
  }

  async put(key: string, bytes: Uint8Array, contentType: string): Promise<void> {
    const path = this.path(key);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(`${path}.tmp`, bytes);
    await writeFile(`${path}.type`, contentType);
    await rename(`${path}.tmp`, path);
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    try {
      return new Uint8Array(await readFile(this.path(key)));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async read(key: string): Promise<Uint8Array> {
    const bytes = await this.get(key);
    if (!bytes) throw new Error(`no file ${key}`);
    return bytes;
  }

  async head(key: string): Promise<StoredFile | undefined> {
    try {
      const path = this.path(key);
      const [info, type] = await Promise.all([stat(path), readFile(`${path}.type`, 'utf8').catch(() => '')]);
      return { size: info.size, contentType: type || 'application/octet-stream' };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async readStart(key: string, length: number): Promise<Uint8Array> {
    const bytes = (await this.get(key)) ?? new Uint8Array();
    return bytes.subarray(0, length);
  }

  async move(from: string, to: string): Promise<void> {
    const [source, target] = [this.path(from), this.path(to)];
    await mkdir(dirname(target), { recursive: true });
    await rename(`${source}.type`, `${target}.type`).catch(() => undefined);
    await rename(source, target);
  }

  async delete(key: string): Promise<void> {
    const path = this.path(key);
    await Promise.all([rm(path, { force: true }), rm(`${path}.type`, { force: true })]);
  }

  async uploadUrl(key: string, file: StoredFile): Promise<PresignedUpload> {
    this.path(key);
    const exp = Math.floor(this.now().getTime() / 1000) + UPLOAD_URL_SECONDS;
    return {
      url: `${LOCAL_FILES_PATH}/${this.sign({ op: 'put', key, exp, contentType: file.contentType, size: file.size })}`,
      method: 'PUT',
      headers: { 'content-type': file.contentType, 'content-length': String(file.size) },
      expiresAt: new Date(exp * 1000).toISOString(),
    };
  }

  async downloadUrl(key: string, file: { filename: string; contentType: string }): Promise<string> {
    this.path(key);
    const exp = Math.floor(this.now().getTime() / 1000) + DOWNLOAD_URL_SECONDS;
    return `${LOCAL_FILES_PATH}/${this.sign({ op: 'get', key, exp, contentType: file.contentType, filename: file.filename })}`;
  }

  private mac(payload: string): Buffer {
    return createHmac('sha256', this.secret).update(payload).digest();
  }

  sign(grant: LocalGrant): string {
    const payload = Buffer.from(JSON.stringify(grant)).toString('base64url');
    return `${payload}.${this.mac(payload).toString('base64url')}`;
  }

  /** The grant of a token if its signature holds and it has not expired; null otherwise. */
  verify(token: string): LocalGrant | null {
    const [payload, mac, extra] = token.split('.');
    if (!payload || !mac || extra !== undefined || token.length > 4096) return null;
    const expected = this.mac(payload);
    const given = Buffer.from(mac, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    try {
      const grant = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as LocalGrant;
      if (grant.exp < this.now().getTime() / 1000) return null;
      this.path(grant.key);
      return grant;
    } catch {
      return null;
    }
  }
}
