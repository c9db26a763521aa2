import { describe, expect, it } from 'vitest';
import { globalRegistry } from 'zod/mini';
import { EmailSchema, isMailboxAddress } from '../../shared/domain/email.js';

describe('one e-mail definition (RFC 5321 lengths, DNS labels)', () => {
  it('accepts deliverable addresses up to the limits', () => {
    for (const email of [
      'vanphong@demo.example',
      'bi.thu+dang-uy@phuong-4.tp-hcm.gov.vn',
      `${'a'.repeat(64)}@b.vn`,
      `a@${'b'.repeat(63)}.vn`,
      `${'a'.repeat(64)}@${['c'.repeat(63), 'd'.repeat(63), 'e'.repeat(58)].join('.')}.vn`,
      "o'neil_{x}~@xn--p1ai.xn--p1ai",
    ]) {
      expect(isMailboxAddress(email), email).toBe(true);
    }
  });

  it('refuses what cannot receive mail', () => {
    for (const email of [
      'a@b-.com',
      'a@-b.com',
      `${'a'.repeat(65)}@demo.example`,
      `a@${'b'.repeat(64)}.example`,
      `${'a'.repeat(64)}@${['c'.repeat(63), 'd'.repeat(63), 'e'.repeat(59)].join('.')}.vn`,
      'a@localhost',
      'a@b..vn',
      '.a@b.vn',
      'a.@b.vn',
      'a..b@c.vn',
      'a@b@c.vn',
      '@b.vn',
      'a@192.168.1.1',
      'a@[127.0.0.1]',
      '"quoted"@b.vn',
      'tên@miền.vn',
      'a b@c.vn',
      '',
    ]) {
      expect(isMailboxAddress(email), email).toBe(false);
    }
  });

  it('the schema trims, applies the rule and is documented as format: email', () => {
    expect(EmailSchema.parse('  vp@demo.example ')).toBe('vp@demo.example');
    expect(EmailSchema.safeParse('a@b-.com').success).toBe(false);
    expect(globalRegistry.get(EmailSchema)?.format).toBe('email');
  });
});
