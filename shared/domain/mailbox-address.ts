/**
 * The one definition of an e-mail address the tracker accepts (schemas, the escalation policy and the
 * OpenAPI document's `format: email` all use it): an address SES can deliver to, as RFC 5321 bounds it.
 * - at most 254 characters in all (a forward-path of 256 octets, less the angle brackets);
 * - local part: 1–64 characters of the dot-atom (letters, digits, ! # $ % & ' * + / = ? ^ _ ` { | } ~ -),
 *   dots neither first, last nor doubled (no quoted local parts);
 * - domain: two labels or more, each 1–63 letters, digits or hyphens, neither starting nor ending with a
 *   hyphen; the last label is not all digits (no IP literals).
 * Checked character by character: no backtracking regular expression on user text.
 * Without zod: the functions that read stored addresses (escalation-policy.ts) check them with this alone;
 * the schema every input uses is email.ts's.
 */
export const EMAIL_MAX_LENGTH = 254;
export const EMAIL_LOCAL_MAX_LENGTH = 64;
export const EMAIL_LABEL_MAX_LENGTH = 63;

const LOCAL_CHARS = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+$/;
const LABEL_CHARS = /^[A-Za-z0-9-]+$/;

export function isMailboxAddress(value: string): boolean {
  if (value.length > EMAIL_MAX_LENGTH) return false;
  const at = value.indexOf('@');
  if (at < 1 || at !== value.lastIndexOf('@')) return false;
  const local = value.slice(0, at);
  const domain = value.slice(at + 1);
  if (local.length > EMAIL_LOCAL_MAX_LENGTH || !LOCAL_CHARS.test(local)) return false;
  if (local.startsWith('.') || local.endsWith('.') || local.includes('..')) return false;
  const labels = domain.split('.');
  if (labels.length < 2) return false;
  for (const label of labels) {
    if (label.length === 0 || label.length > EMAIL_LABEL_MAX_LENGTH || !LABEL_CHARS.test(label)) return false;
    if (label.startsWith('-') || label.endsWith('-')) return false;
  }
  return !/^[0-9]+$/.test(labels[labels.length - 1] ?? '');
}
