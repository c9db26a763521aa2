/**
 * What the fan-out and unit-worker functions refuse, in the words their logs show: no locale is chosen
 * outside the API, so zod's English messages. (This file loads no part of the API, which chooses Vietnamese.)
 */
import { describe, expect, it } from 'vitest';
import { RunRequestSchema } from '../../shared/services/unit-work/fan-out.js';
import { UnitJobSchema } from '../../shared/services/unit-work/job-kinds.js';

const issuesOf = (result: { error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  result.error?.issues.map((i) => [i.path.join('.'), i.message]);
const KINDS = '"sweep"|"supervision"|"quarterly"|"mail"|"review-digest"|"words"';

describe('a queued unit job (the unit-worker’s message body)', () => {
  const job = { job: 'sweep', unitId: 'u1', runId: 'sweep#2024-01-01', date: '2024-01-01' };

  it('takes a job of a known kind and names each field it refuses', () => {
    expect(UnitJobSchema.parse(job)).toEqual(job);
    expect(issuesOf(UnitJobSchema.safeParse({ ...job, job: 'reports' }))).toEqual([
      ['job', `Invalid option: expected one of ${KINDS}`],
    ]);
    expect(
      issuesOf(
        UnitJobSchema.safeParse({ job: 'mail', unitId: '', runId: 'r'.repeat(201), date: '2024-1-1', x: 1 }),
      ),
    ).toEqual([
      ['unitId', 'Too small: expected string to have >=1 characters'],
      ['runId', 'Too big: expected string to have <=200 characters'],
      ['date', 'Invalid string: must match pattern /^\\d{4}-\\d{2}-\\d{2}$/'],
      ['', 'Unrecognized key: "x"'],
    ]);
    expect(issuesOf(UnitJobSchema.safeParse({ ...job, date: 20240101 }))).toEqual([
      ['date', 'Invalid input: expected string, received number'],
    ]);
    expect(() => UnitJobSchema.parse(null)).toThrow('Invalid input: expected object, received null');
  });
});

describe('what starts a run (the fan-out function’s event)', () => {
  it('names what it refuses', () => {
    expect(issuesOf(RunRequestSchema.safeParse({ kind: 'reports' }))).toEqual([
      [
        'kind',
        "Invalid discriminator value. Expected 'mail' | 'sweep' | 'supervision' | 'quarterly' | 'review-digest'",
      ],
    ]);
    expect(issuesOf(RunRequestSchema.safeParse({ kind: 'mail', date: '2023-10-30' }))).toEqual([
      ['', 'Unrecognized key: "date"'],
    ]);
    expect(issuesOf(RunRequestSchema.safeParse({ kind: 'sweep', date: '2023-02-30' }))).toEqual([
      ['date', 'Invalid ISO date'],
    ]);
    expect(issuesOf(RunRequestSchema.safeParse({ kind: 'quarterly', onlyPending: 'yes' }))).toEqual([
      ['onlyPending', 'Invalid input: expected boolean, received string'],
    ]);
    expect(issuesOf(RunRequestSchema.safeParse('mail'))).toEqual([
      ['', 'Invalid input: expected object, received string'],
    ]);
  });
});
