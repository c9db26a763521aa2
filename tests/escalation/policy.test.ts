import { describe, expect, it } from 'vitest';
import { WorkingCalendar } from '../../shared/domain/calendar/index.js';
import { EMAIL_MESSAGE } from '../../shared/domain/email.js';
import { InvalidEscalationEventError, parseEscalationEvent } from '../../shared/domain/escalation-event.js';
import { escalationMessage, vietnameseDate } from '../../shared/domain/escalation-message.js';
import {
  DEFAULT_ESCALATION_POLICY,
  dueAction,
  type EscalationPolicy,
  escalationPlan,
  instantOfLocal,
  levelWarranted,
  localDateTime,
  nextStep,
  pendingScheduleNames,
  policyFrom,
  recipientsFor,
  scheduleName,
} from '../../shared/domain/escalation-policy.js';
import { EscalationPolicySchema } from '../../shared/domain/escalation-policy-schema.js';

const calendar = new WorkingCalendar();
const policy = (changes: Partial<EscalationPolicy> = {}): EscalationPolicy => ({
  ...structuredClone(DEFAULT_ESCALATION_POLICY),
  ...changes,
});
const open = (dueDate: string, escalationLevel = 0, remindedFor: string | null = null) => ({
  status: 'assigned' as const,
  dueDate,
  escalationLevel,
  reopenCount: 0,
  remindedFor,
});

describe('escalationPlan', () => {
  it('puts the reminder 2 working days before and level 1 on the first working day after a Friday due date', () => {
    // Prepare: Friday 13/10/2023, an ordinary week.
    // Act
    const plan = escalationPlan('2023-10-13', calendar, policy());
    // Assess
    expect(plan).toEqual([
      { level: 0, date: '2023-10-11', at: '2023-10-11T08:00:00' },
      { level: 1, date: '2023-10-16', at: '2023-10-16T08:00:00' },
      { level: 2, date: '2023-10-23', at: '2023-10-23T08:00:00' },
    ]);
  });

  it('counts a due date on a Saturday from the weekend', () => {
    const plan = escalationPlan('2023-10-14', calendar, policy());
    expect(plan.map((s) => s.date)).toEqual(['2023-10-12', '2023-10-16', '2023-10-23']);
  });

  it('skips the announced Tết 2025 holidays (25/1–2/2/2025)', () => {
    // Due Friday 24/1/2025, the last working day before Tết: level 1 is Monday 3/2, level 2 five working days later.
    const plan = escalationPlan('2025-01-24', calendar, policy());
    expect(plan.map((s) => s.at)).toEqual([
      '2025-01-22T08:00:00',
      '2025-02-03T08:00:00',
      '2025-02-10T08:00:00',
    ]);
  });

  it('skips the announced Tết 2024 holidays, and a reminder that would fall inside Tết moves before it', () => {
    // 2024 as announced: 8–9/2 and 12–14/2 off (15/2 worked). Due 19/2 (Monday): the reminder is 2 working
    // days before it = Thursday 15/2.
    const plan = escalationPlan('2024-02-19', calendar, policy());
    expect(plan.map((s) => s.date)).toEqual(['2024-02-15', '2024-02-20', '2024-02-27']);
    // Due 8/2, a day off: reminder Tuesday 6/2; level 1 on the first working day after it, 15/2.
    const duringTet = escalationPlan('2024-02-08', calendar, policy());
    expect(duringTet.map((s) => s.date)).toEqual(['2024-02-06', '2024-02-15', '2024-02-22']);
  });

  it('adds level 3 when enabled and leaves out the reminder when set to 0 days', () => {
    const plan = escalationPlan(
      '2023-10-13',
      calendar,
      policy({ level3Enabled: true, reminderWorkingDaysBefore: 0 }),
    );
    expect(plan.map((s) => [s.level, s.date])).toEqual([
      [1, '2023-10-16'],
      [2, '2023-10-23'],
      [3, '2023-11-06'],
    ]);
  });

  it('follows calendar overrides (a unit declares a local day off)', () => {
    const withDayOff = new WorkingCalendar([
      { date: '2023-10-16', kind: 'day_off', name: 'Nghỉ địa phương' },
    ]);
    expect(escalationPlan('2023-10-13', withDayOff, policy())[1]?.date).toBe('2023-10-17');
  });
});

describe('levelWarranted', () => {
  it('gives the level the lateness warrants by date', () => {
    // Due Thursday 12/10/2023: level 1 on 13/10, level 2 on 20/10, level 3 (if enabled) on 3/11.
    const p = policy({ level3Enabled: true });
    expect(levelWarranted('2023-10-12', '2023-10-12', calendar, p)).toBe(0);
    expect(levelWarranted('2023-10-12', '2023-10-13', calendar, p)).toBe(1);
    expect(levelWarranted('2023-10-12', '2023-10-19', calendar, p)).toBe(1);
    expect(levelWarranted('2023-10-12', '2023-10-20', calendar, p)).toBe(2);
    expect(levelWarranted('2023-10-12', '2023-11-03', calendar, p)).toBe(3);
    expect(levelWarranted('2023-10-12', '2024-06-01', calendar, policy())).toBe(2);
  });
});

describe('dueAction and nextStep', () => {
  const plan = escalationPlan('2023-10-12', calendar, policy());

  it('waits for 08:00 on the day of a level', () => {
    expect(dueAction(open('2023-10-12'), plan, '2023-10-13T07:59:59')).toEqual({ kind: 'remind', level: 0 });
    expect(dueAction(open('2023-10-12', 0, '2023-10-12#0'), plan, '2023-10-13T07:59:59')).toBeNull();
    expect(dueAction(open('2023-10-12', 0, '2023-10-12#0'), plan, '2023-10-13T08:00:00')).toEqual({
      kind: 'escalate',
      level: 1,
    });
  });

  it('goes straight to the warranted level once, never through the levels below', () => {
    expect(dueAction(open('2023-10-12'), plan, '2023-11-30T09:00:00')).toEqual({
      kind: 'escalate',
      level: 2,
    });
    expect(dueAction(open('2023-10-12', 2), plan, '2023-11-30T09:00:00')).toBeNull();
    expect(nextStep(open('2023-10-12', 2), plan)).toBeNull();
  });

  it('does nothing for items no longer awaiting an answer', () => {
    expect(dueAction({ ...open('2023-10-12'), status: 'resolved' }, plan, '2023-11-30T09:00:00')).toBeNull();
  });

  it('starts a new cycle of reminders when the item is reopened', () => {
    const reminded = open('2023-10-12', 0, '2023-10-12#0');
    expect(nextStep(reminded, plan)?.level).toBe(1);
    expect(nextStep({ ...reminded, reopenCount: 1 }, plan)?.level).toBe(0);
  });
});

describe('scheduleName', () => {
  it('is deterministic, at most 64 characters of [A-Za-z0-9-] and distinct per unit, item, due date and level', () => {
    const longUnit = 'x'.repeat(100);
    const uuid = '0f8fad5b-d9cb-469f-a165-70867728950e';
    const name = scheduleName(longUnit, uuid, '2023-10-12', 3);
    expect(name.length).toBeLessThanOrEqual(64);
    expect(name).toMatch(/^esc-[0-9a-f]{32}-20231012-L3$/);
    expect(scheduleName(longUnit, uuid, '2023-10-12', 3)).toBe(name);
    const others = [
      scheduleName('u2', uuid, '2023-10-12', 3),
      scheduleName(longUnit, 'other', '2023-10-12', 3),
      scheduleName(longUnit, uuid, '2023-10-13', 3),
      scheduleName(longUnit, uuid, '2023-10-12', 2),
    ];
    expect(new Set([name, ...others]).size).toBe(5);
  });

  it('lists the names of the steps still pending', () => {
    const names = pendingScheduleNames('u1', { id: 'r1', ...open('2023-10-12', 1) });
    expect(names.map((n) => n.slice(-2))).toEqual(['L2', 'L3']);
  });
});

describe('recipientsFor', () => {
  const p = policy({
    recipients: {
      office: ['vanphong@ub.example'],
      front: ['mttq@ub.example'],
      chair: ['chutich@ub.example'],
      partySecretary: ['bithu@ub.example'],
      standing: ['btv@ub.example'],
    },
  });
  const department = ['DC@ub.example'];

  it('addresses each level as the policy says', () => {
    expect(recipientsFor(0, p, department)).toEqual({ to: ['dc@ub.example'], cc: [] });
    expect(recipientsFor(1, p, department)).toEqual({
      to: ['dc@ub.example'],
      cc: ['vanphong@ub.example', 'mttq@ub.example'],
    });
    expect(recipientsFor(2, p, department)).toEqual({
      to: ['chutich@ub.example', 'bithu@ub.example'],
      cc: ['dc@ub.example', 'vanphong@ub.example'],
    });
    expect(recipientsFor(3, p, department)).toEqual({
      to: ['btv@ub.example'],
      cc: ['dc@ub.example', 'vanphong@ub.example'],
    });
  });

  it('falls back to the copies when nobody is set for the level', () => {
    expect(recipientsFor(2, policy(), department)).toEqual({ to: ['dc@ub.example'], cc: [] });
    expect(recipientsFor(1, policy(), [])).toEqual({ to: [], cc: [] });
  });
});

describe('EscalationPolicySchema', () => {
  it('fills omitted fields with the defaults and rejects bad values', () => {
    expect(EscalationPolicySchema.parse({ level2AfterWorkingDays: 3 })).toEqual({
      ...DEFAULT_ESCALATION_POLICY,
      level2AfterWorkingDays: 3,
    });
    expect(EscalationPolicySchema.safeParse({ recipients: { chair: ['không-phải-email'] } }).success).toBe(
      false,
    );
    expect(EscalationPolicySchema.safeParse({ reminderWorkingDaysBefore: -1 }).success).toBe(false);
    expect(EscalationPolicySchema.safeParse({ unknown: 1 }).success).toBe(false);
    expect(policyFrom({ reminderWorkingDaysBefore: 'x' })).toEqual(DEFAULT_ESCALATION_POLICY);
  });

  const issuesOf = (result: {
    success: boolean;
    error?: { issues: { path: PropertyKey[]; message: string }[] };
  }) => result.error?.issues.map((i) => [i.path.join('.'), i.message]);

  it('names each field it refuses, with its rule', () => {
    expect(
      issuesOf(
        EscalationPolicySchema.safeParse({
          reminderWorkingDaysBefore: 1.5,
          level2AfterWorkingDays: 61,
          level3AfterWorkingDays: 0,
          level3Enabled: 'yes',
          recipients: { chair: [' chủ tịch '], office: Array.from({ length: 21 }, (_, i) => `vp${i}@u1.vn`) },
        }),
      ),
    ).toEqual([
      ['reminderWorkingDaysBefore', 'Invalid input: expected int, received number'],
      ['level2AfterWorkingDays', 'Too big: expected number to be <=60'],
      ['level3Enabled', 'Invalid input: expected boolean, received string'],
      ['level3AfterWorkingDays', 'Too small: expected number to be >=1'],
      ['recipients.office', 'Too big: expected array to have <=20 items'],
      ['recipients.chair.0', EMAIL_MESSAGE],
    ]);
    expect(issuesOf(EscalationPolicySchema.safeParse({ reminderWorkingDaysBefore: 31, x: 1 }))).toEqual([
      ['reminderWorkingDaysBefore', 'Too big: expected number to be <=30'],
      ['', 'Unrecognized key: "x"'],
    ]);
    expect(issuesOf(EscalationPolicySchema.safeParse({ recipients: { office: 'vp@u1.vn', x: [] } }))).toEqual(
      [
        ['recipients.office', 'Invalid input: expected array, received string'],
        ['recipients', 'Unrecognized key: "x"'],
      ],
    );
  });

  it('reads a stored policy by the same rules, trimming addresses; a damaged one gives fresh defaults', () => {
    const full = {
      reminderWorkingDaysBefore: 30,
      level2AfterWorkingDays: 1,
      level3Enabled: false,
      level3AfterWorkingDays: 1,
      recipients: {
        office: ['vp@u1.vn', '\tvp2@u1.vn\n'],
        front: [],
        chair: ['ct@u1.vn'],
        partySecretary: ['bt@u1.vn'],
        standing: Array(20).fill('tv@u1.vn'),
      },
    };
    // policyFrom checks by hand what the schema checks with zod: every rule, each way, both answers alike.
    const stored = [
      {},
      full,
      { level2AfterWorkingDays: 3, recipients: { chair: [' ct@u1.vn '] } },
      { level3Enabled: true, level3AfterWorkingDays: 60, reminderWorkingDaysBefore: 0 },
      { reminderWorkingDaysBefore: undefined, recipients: { office: undefined } },
      { reminderWorkingDaysBefore: -1 },
      { reminderWorkingDaysBefore: 31 },
      { level2AfterWorkingDays: 0 },
      { level2AfterWorkingDays: 61 },
      { level3AfterWorkingDays: 0 },
      { level3AfterWorkingDays: 61 },
      { level2AfterWorkingDays: 2.5 },
      { level2AfterWorkingDays: '3' },
      { level2AfterWorkingDays: null },
      { level2AfterWorkingDays: Number.NaN },
      { level2AfterWorkingDays: Number.POSITIVE_INFINITY },
      { level3Enabled: 'true' },
      { level3Enabled: 1 },
      { recipients: { front: ['mttq'] } },
      { recipients: { front: [' '] } },
      { recipients: { front: [7] } },
      { recipients: { front: 'mttq@u1.vn' } },
      { recipients: { front: null } },
      { recipients: { office: Array(21).fill('vp@u1.vn') } },
      // 254 characters, then 255
      {
        recipients: { chair: [`${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(58)}.vn`] },
      },
      {
        recipients: { chair: [`${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(59)}.vn`] },
      },
      { recipients: { chair: [`${'a'.repeat(65)}@u1.vn`] } },
      { recipients: { mayor: [] } },
      { recipients: [] },
      { recipients: 'vp@u1.vn' },
      { unknown: 1 },
      { ...full, unknown: undefined },
      { recipients: null },
      [],
      'x',
      7,
      true,
    ];
    let accepted = 0;
    for (const value of stored) {
      const put = EscalationPolicySchema.safeParse(value);
      if (put.success) accepted++;
      expect(policyFrom(value), JSON.stringify(value)).toEqual(
        put.success ? put.data : DEFAULT_ESCALATION_POLICY,
      );
    }
    expect(accepted).toBe(6);
    expect(policyFrom(full)).toEqual({
      ...full,
      recipients: { ...full.recipients, office: ['vp@u1.vn', 'vp2@u1.vn'] },
    });
    expect(policyFrom({ recipients: { chair: [' ct@u1.vn '] } }).recipients.chair).toEqual(['ct@u1.vn']);
    const fallback = policyFrom('x');
    fallback.recipients.office.push('vp@u1.vn');
    expect(policyFrom({}).recipients.office).toEqual([]);
    expect(policyFrom(null)).toEqual(DEFAULT_ESCALATION_POLICY);
  });
});

describe('parseEscalationEvent (the escalation function’s input)', () => {
  const event = { unitId: 'u1', recommendationId: 'r1', level: 1, dueDate: '2024-01-02' };
  const faultsOf = (value: unknown) => {
    try {
      parseEscalationEvent(value);
      return [];
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidEscalationEventError);
      return (error as InvalidEscalationEventError).faults;
    }
  };

  it('takes what a schedule delivers, a copy holding only its four fields', () => {
    expect(parseEscalationEvent(event)).toEqual(event);
    expect(parseEscalationEvent({ ...event, level: 0 })).toEqual({ ...event, level: 0 });
    expect(parseEscalationEvent({ ...event, level: 3 })).toEqual({ ...event, level: 3 });
  });

  it('names each field it refuses', () => {
    expect(
      faultsOf({ unitId: '', recommendationId: 'r'.repeat(101), level: 4, dueDate: '2024-1-2' }),
    ).toEqual([
      'unitId: expected 1 to 100 characters, received 0',
      'recommendationId: expected 1 to 100 characters, received 101',
      'level: expected 0 to 3, received 4',
      'dueDate: expected YYYY-MM-DD',
    ]);
    expect(faultsOf({ ...event, level: -1, extra: 1 })).toEqual([
      'level: expected 0 to 3, received -1',
      'unrecognized key "extra"',
    ]);
    expect(faultsOf({ ...event, level: 1.5 })).toEqual(['level: expected an integer, received number']);
    expect(faultsOf({ ...event, level: Number.NaN })).toEqual([
      'level: expected an integer, received number',
    ]);
    expect(faultsOf({ ...event, level: '1' })).toEqual(['level: expected an integer, received string']);
    expect(faultsOf({ ...event, dueDate: '2024-01-02 ' })).toEqual(['dueDate: expected YYYY-MM-DD']);
    expect(faultsOf(null)).toEqual(['expected object, received null']);
    expect(faultsOf([event])).toEqual(['expected object, received array']);
    expect(faultsOf({ ...event, unitId: undefined })).toEqual([
      'unitId: expected string, received undefined',
    ]);
    expect(() => parseEscalationEvent({ ...event, level: 9 })).toThrow(
      'Invalid escalation event: level: expected 0 to 3, received 9',
    );
  });
});

describe('local time', () => {
  it('converts instants to Vietnam local date-time and back', () => {
    expect(localDateTime(new Date('2023-10-19T17:30:00Z'))).toBe('2023-10-20T00:30:00');
    expect(instantOfLocal('2023-10-20T08:00:00').toISOString()).toBe('2023-10-20T01:00:00.000Z');
  });
});

describe('escalationMessage', () => {
  const item = {
    id: 'abc 1',
    ref: 'U1-2023-0007',
    content: 'Đường hẻm 27 ngập <sâu> & hư hỏng',
    dueDate: '2023-10-12',
  };

  it('writes a level notice in Vietnamese with ref, content, department, due date, lateness and link', () => {
    const m = escalationMessage({
      level: 2,
      unitName: 'UBND Phường 1',
      item,
      departmentName: 'Địa chính - Xây dựng',
      workingDaysLate: 6,
      publicBaseUrl: 'https://kn.example/',
    });
    expect(m.subject).toBe('[Quá hạn - cấp 2] Kiến nghị U1-2023-0007 quá hạn 6 ngày làm việc');
    expect(m.text).toContain('Hạn xử lý: 12/10/2023');
    expect(m.text).toContain('Đơn vị chủ trì: Địa chính - Xây dựng');
    expect(m.text).toContain('Tình trạng: Đã quá hạn 6 ngày làm việc');
    expect(m.text).toContain('Chủ tịch UBND và Bí thư Đảng ủy');
    expect(m.text).toContain('https://kn.example/items/abc%201');
    expect(m.html).toContain('Đường hẻm 27 ngập &lt;sâu&gt; &amp; hư hỏng');
    expect(m.html).toContain('href="https://kn.example/items/abc%201"');
    expect(m.html).not.toContain('<sâu>');
  });

  it('writes a reminder with the working days left', () => {
    const m = escalationMessage({
      level: 0,
      unitName: 'UBND Phường 1',
      item,
      departmentName: null,
      workingDaysLate: -2,
      publicBaseUrl: 'http://localhost:3000',
    });
    expect(m.subject).toBe('[Nhắc hạn] Kiến nghị U1-2023-0007 đến hạn xử lý ngày 12/10/2023');
    expect(m.text).toContain('Còn 2 ngày làm việc đến hạn');
    expect(vietnameseDate('2024-02-09')).toBe('09/02/2024');
  });
});
