/**
 * The shape of every record id (units, departments, dialogues, items) and of ids taken from a URL:
 * checked before any read, so an id of the wrong length or alphabet is "not found", never a key the
 * database refuses (a DynamoDB key is at most 1,024 bytes).
 */
export const ID_MAX_LENGTH = 80;
export const ID_PATTERN = /^[A-Za-z0-9_.:-]+$/;

export function isRecordId(value: unknown): value is string {
  return (
    typeof value === 'string' && value.length > 0 && value.length <= ID_MAX_LENGTH && ID_PATTERN.test(value)
  );
}
