/**
 * The file store in AWS: one private, encrypted, versioned bucket (infra/constructs/files.ts). Uploads
 * and downloads go straight between the browser and S3 through presigned URLs that live a few
 * minutes, so large files never pass through the Lambda.
 */
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { contentDisposition } from '../../domain/attachments.js';
import type { FileStore, PresignedUpload, StoredFile } from '../../domain/ports.js';

export const UPLOAD_URL_SECONDS = 300;
export const DOWNLOAD_URL_SECONDS = 120;

const missing = (error: unknown) =>
  error instanceof NoSuchKey ||
  error instanceof NotFound ||
  (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode === 404;

export class S3FileStore implements FileStore {
  /** `uploadOrigin`: the bucket's (s3-origin.ts), which the caller knows before this module is loaded. */
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    readonly uploadOrigin: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async put(key: string, bytes: Uint8Array, contentType: string): Promise<void> {
    await this.client.send(
      new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: bytes, ContentType: contentType }),
    );
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return out.Body ? await out.Body.transformToByteArray() : new Uint8Array();
    } catch (error) {
      if (missing(error)) return undefined;
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
      const out = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return { size: out.ContentLength ?? 0, contentType: out.ContentType ?? 'application/octet-stream' };
    } catch (error) {
      if (missing(error)) return undefined;
      throw error;
    }
  }

  async readStart(key: string, length: number): Promise<Uint8Array> {
    try {
      const out = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: key, Range: `bytes=0-${Math.max(0, length - 1)}` }),
      );
      return out.Body ? await out.Body.transformToByteArray() : new Uint8Array();
    } catch (error) {
      if (missing(error)) return new Uint8Array();
      throw error;
    }
  }

  async move(from: string, to: string): Promise<void> {
    await this.client.send(
      new CopyObjectCommand({
        Bucket: this.bucket,
        Key: to,
        CopySource: `${this.bucket}/${from.split('/').map(encodeURIComponent).join('/')}`,
      }),
    );
    await this.delete(from);
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  async uploadUrl(key: string, file: StoredFile): Promise<PresignedUpload> {
    const url = await getSignedUrl(
      this.client,
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        ContentType: file.contentType,
        ContentLength: file.size,
      }),
      // Type and exact length are signed: S3 refuses an upload of another type or size.
      { expiresIn: UPLOAD_URL_SECONDS, signableHeaders: new Set(['content-type', 'content-length']) },
    );
    return {
      url,
      method: 'PUT',
      headers: { 'content-type': file.contentType, 'content-length': String(file.size) },
      expiresAt: new Date(this.now().getTime() + UPLOAD_URL_SECONDS * 1000).toISOString(),
    };
  }

  downloadUrl(key: string, file: { filename: string; contentType: string }): Promise<string> {
    return getSignedUrl(
      this.client,
      new GetObjectCommand({
        Bucket: this.bucket,
        Key: key,
        ResponseContentType: file.contentType,
        ResponseContentDisposition: contentDisposition(file.filename),
      }),
      { expiresIn: DOWNLOAD_URL_SECONDS },
    );
  }
}
