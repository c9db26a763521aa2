/**
 * Faults of a value checked by hand, for the functions that check their events without zod (its code
 * would add to each cold start). Each fault names its field.
 */

/** The type of what a field held, for the message. */
export const typeOf = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;

/** A plain object, or the fault saying what came instead. */
export function objectFault(value: unknown): string | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? null
    : `expected object, received ${typeOf(value)}`;
}

export function textFault(field: string, value: unknown, max: number): string | null {
  if (typeof value !== 'string') return `${field}: expected string, received ${typeOf(value)}`;
  if (value.length < 1 || value.length > max)
    return `${field}: expected 1 to ${max} characters, received ${value.length}`;
  return null;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export const isoDateFault = (field: string, value: unknown): string | null =>
  typeof value === 'string' && ISO_DATE.test(value) ? null : `${field}: expected YYYY-MM-DD`;

export function integerFault(field: string, value: unknown, min: number, max: number): string | null {
  if (typeof value !== 'number' || !Number.isInteger(value))
    return `${field}: expected an integer, received ${typeOf(value)}`;
  return value < min || value > max ? `${field}: expected ${min} to ${max}, received ${value}` : null;
}

export const unknownKeyFaults = (value: object, fields: readonly string[]): string[] =>
  Object.keys(value)
    .filter((key) => !fields.includes(key))
    .map((key) => `unrecognized key "${key}"`);
