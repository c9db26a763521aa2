import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { startDynamoDbLocal } from '../shared/adapters/dynamodb/dynamodb-local.js';
import { createBenchEnv, batchWrite, loadImages, recommendationImage, newDialogue } from './lib/setup.js';
async function main() {
  const d = await startDynamoDbLocal();
  const env = await createBenchEnv(d.endpoint);
  const dialogue = await newDialogue(env, 'p', '2023-07-10');
  const recs = Array.from({ length: 30000 }, (_, i) => recommendationImage({ unitCode: 'P', n: i, dialogue, status: 'confirmed', departmentId: 'dc' }));
  await batchWrite(env.raw, env.tableName, loadImages('p', recs), 8);
  let start: any; let page = 0;
  do {
    const t0 = performance.now();
    const out = await env.raw.send(new QueryCommand({ TableName: env.tableName, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)', ExpressionAttributeValues: { ':pk': { S: 'U#p' }, ':p': { S: 'REC#' } }, ExclusiveStartKey: start }));
    console.log('page', page++, out.Count, (performance.now() - t0).toFixed(0), 'ms');
    start = out.LastEvaluatedKey;
  } while (start);
  const t0 = performance.now();
  const out = await env.raw.send(new QueryCommand({ TableName: env.tableName, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)', ExpressionAttributeValues: { ':pk': { S: 'U#p' }, ':p': { S: 'REC#' } }, Limit: 10 }));
  console.log('limit 10', (performance.now() - t0).toFixed(0));
  await d.stop();
}
main();
