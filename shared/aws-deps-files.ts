import { s3Origin } from './adapters/files/s3-origin.js';
import { lazyFileStore } from './adapters/lazy.js';
import { type Env, regionOf } from './aws-deps.js';
import { ENV, requireEnv } from './config.js';
import type { FileStore } from './domain/ports.js';

/**
 * The files bucket, its S3 client loaded on first use (most requests touch no file). Checksums only when
 * S3 requires them: the SDK's default CRC32 of a PutObject would be signed into presigned upload URLs
 * that a browser's PUT cannot match.
 */
export function awsFiles(env: Env = process.env): FileStore {
  const region = regionOf(env);
  const bucket = requireEnv(ENV.filesBucket, env);
  const origin = s3Origin(bucket, region);
  return lazyFileStore(async () => {
    const [{ S3Client }, { S3FileStore }] = await Promise.all([
      import('@aws-sdk/client-s3'),
      import('./adapters/files/s3-file-store.js'),
    ]);
    const client = new S3Client({
      region,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    return new S3FileStore(client, bucket, origin);
  }, origin);
}
