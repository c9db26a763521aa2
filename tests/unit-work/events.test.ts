/**
 * What the fan-out and unit-worker functions refuse, in the words their logs show: the fan-out's event with
 * zod (no locale is chosen outside the API, so zod's English messages; this file loads no part of the API,
 * which chooses Vietnamese), the worker's queued job by hand (job-kinds.ts).
 */
import { describe, expect, it } from 'vitest';
import { RunRequestSchema } from '../../shared/services/unit-work/fan-out.js';
import { InvalidUnitJobError, parseUnitJob } from '../../shared/services/unit-work/job-kinds.js';

const issuesOf = (result: { error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  result.error?.issues.map((i) => [i.path.join('.'), i.message]);

describe('a queued unit job (the unit-worker’s message body)', () => {
  const job = { job: 'sweep', unitId: 'u1', runId: 'sweep#2024-01-01', date: '2024-01-01' };
  const faultsOf = (value: unknown) => {
    try {
      parseUnitJob(value);
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidUnitJobError);
      return (error as InvalidUnitJobError).faults;
    }
    throw new Error(`accepted ${JSON.stringify(value)}`);
  };

  it('takes a job of a known kind, as it is', () => {
    expect(parseUnitJob(job)).toEqual(job);
    for (const kind of ['supervision', 'quarterly', 'mail', 'review-digest', 'words'])
      expect(parseUnitJob({ ...job, job: kind }).job).toBe(kind);
    const longest = { ...job, unitId: 'u'.repeat(100), runId: 'r'.repeat(200) };
    expect(parseUnitJob(longest)).toEqual(longest);
  });

  it('names each fault of what it refuses', () => {
    expect(faultsOf({ ...job, job: 'reports' })).toEqual([
      'job: expected one of sweep|supervision|quarterly|mail|review-digest|words',
    ]);
    expect(faultsOf({ job: 'mail', unitId: '', runId: 'r'.repeat(201), date: '2024-1-1', x: 1 })).toEqual([
      'unitId: expected 1 to 100 characters, received 0',
      'runId: expected 1 to 200 characters, received 201',
      'date: expected YYYY-MM-DD',
      'unrecognized key "x"',
    ]);
    expect(faultsOf({ ...job, unitId: 7, runId: null, date: 20240101 })).toEqual([
      'unitId: expected string, received number',
      'runId: expected string, received null',
      'date: expected YYYY-MM-DD',
    ]);
    expect(faultsOf({})).toHaveLength(4);
    expect(faultsOf({ ...job, job: 'toString' })).toHaveLength(1);
    expect(faultsOf({ ...job, date: '2024-01-01T00:00' })).toEqual(['date: expected YYYY-MM-DD']);
    expect(faultsOf(null)).toEqual(['expected object, received null']);
    expect(faultsOf([job])).toEqual(['expected object, received array']);
    expect(() => parseUnitJob('sweep')).toThrow('Invalid unit job: expected object, received string');
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
