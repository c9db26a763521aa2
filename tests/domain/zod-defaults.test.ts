/** This file loads zod/mini and no classic zod: the messages come from zod-defaults.ts alone. */
import { describe, expect, it } from 'vitest';
import '../../shared/domain/zod-defaults.js';
import * as z from 'zod/mini';

describe('zod/mini schemas (zod-defaults.ts)', () => {
  it('give the English messages classic zod gives', () => {
    const Schema = z.strictObject({ name: z.string().check(z.maxLength(3)), n: z.optional(z.number()) });
    expect(Schema.safeParse({ name: 'long', n: 'x', y: 1 }).error?.issues.map((i) => i.message)).toEqual([
      'Too big: expected string to have <=3 characters',
      'Invalid input: expected number, received string',
      'Unrecognized key: "y"',
    ]);
  });
});
