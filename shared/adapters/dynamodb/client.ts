import { DynamoDBClient } from '@aws-sdk/client-dynamodb';

export interface DynamoConfig {
  /** Set locally (DynamoDB Local); absent in AWS. */
  endpoint?: string;
  region?: string;
}

/** One client per process; the SDK retries throttling with jittered backoff (adaptive mode). */
export function createDynamoClient(config: DynamoConfig = {}): DynamoDBClient {
  const local = config.endpoint !== undefined;
  return new DynamoDBClient({
    region: config.region ?? process.env.AWS_REGION ?? 'ap-southeast-1',
    maxAttempts: 6,
    retryMode: 'adaptive',
    ...(local
      ? { endpoint: config.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : {}),
  });
}
