import { S3Client } from '@aws-sdk/client-s3';
import { S3FileStore } from './adapters/files/s3-file-store.js';
import { type Env, regionOf } from './aws-deps.js';
import { ENV, requireEnv } from './config.js';

/**
 * The files bucket. Checksums only when S3 requires them: the SDK's default CRC32 of a PutObject would
 * be signed into presigned upload URLs that a browser's PUT cannot match.
 */
export function awsFiles(env: Env = process.env): S3FileStore {
  const region = regionOf(env);
  return new S3FileStore(
    new S3Client({
      region,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    }),
    requireEnv(ENV.filesBucket, env),
    region,
  );
}
