import { resolve } from 'node:path';

/** Where the local stack keeps its data (DynamoDB Local files, JWT keys, outbox). */
export const DATA_DIR = resolve(process.env.DATA_DIR || '.data');
export const KEYS_FILE = resolve(DATA_DIR, 'keys', 'local-jwk.json');
export const OUTBOX_DIR = resolve(DATA_DIR, 'outbox');
export const FILES_DIR = resolve(DATA_DIR, 'files');
export const DYNAMODB_DIR = resolve(DATA_DIR, 'dynamodb');
export const LOCAL_TABLE = process.env.TABLE_NAME || 'dialogue-followup-local';
