/**
 * The demo unit of `npm start`. Seeding is idempotent and resumable: each step finds what an earlier,
 * interrupted start already wrote and adds only what is missing (the import is keyed by the file's
 * hash, chunk by chunk), so a start killed at any moment is completed by the next one. A marker
 * setting, written last, lets later starts skip the checks.
 */
import { readFile } from 'node:fs/promises';
import { ConflictError } from '../shared/domain/errors.js';
import { DEFAULT_ESCALATION_POLICY, ESCALATION_POLICY_SETTING } from '../shared/domain/escalation-policy.js';
import type { Actor, Department, UnitRole } from '../shared/domain/model.js';
import type { AppDeps } from '../shared/http/env.js';
import { slugOf } from '../shared/services/department-service.js';
import { createDialogue, patchDialogue } from '../shared/services/dialogue-service.js';
import { saveEscalationPolicy } from '../shared/services/escalation/policy-settings.js';
import { importRecommendations } from '../shared/services/import-service.js';
import { seedDemoRecipients } from '../shared/services/recipient-service.js';
import { createUnit } from '../shared/services/unit-service.js';
import { createUser } from '../shared/services/user-service.js';
import { DEMO_PROVINCE, placeUnderProvince, seedDemoCommune, seedDemoProvince } from './demo-tree.js';

export const DEMO_UNIT = {
  id: 'demo',
  code: 'DEMO',
  name: 'Phường IV (dữ liệu mẫu)',
  parentId: DEMO_PROVINCE.id,
} as const;

/** Setting written when the demo is complete; raise the version when the demo gains a step. */
const SEED_MARKER = 'demo-seed';
const SEED_VERSION = 3;

/** Departments named in the sample spreadsheet, with contacts under the reserved demo.example domain. */
const DEMO_DEPARTMENT_NAMES = [
  'Văn phòng HĐND và UBND',
  'Địa chính - Xây dựng',
  'Văn hóa - Xã hội',
  'Công an phường',
  'Tổ quản lý trật tự chợ',
  'Đội thuế phường',
  'Trạm Y tế phường',
  'Tư pháp - Hộ tịch',
  'Văn phòng - Thống kê',
];

const DIALOGUE = {
  title:
    'Hội nghị tiếp xúc, đối thoại trực tiếp giữa người đứng đầu cấp ủy, chính quyền với Nhân dân năm 2023',
  kind: 'Hội nghị tiếp xúc, đối thoại',
  heldOn: '2023-10-13',
  location: 'Hội trường UBND Phường IV, số 133 đường Nguyễn Trãi, khu phố 6',
  chairs: ['Bí thư Đảng ủy phường', 'Chủ tịch UBND phường'],
  status: 'held',
} as const;

export const SAMPLE_CSV = new URL('./demo/kien-nghi-phuong-iv-2023.csv', import.meta.url);

/** Creates the unit (a system administrator's act) and sets it up (its administrator's). */
const seeder: Actor = { sub: 'seed', name: 'Dữ liệu mẫu', roles: ['system', 'admin'], departmentId: null };

export function demoDepartments(): Department[] {
  return DEMO_DEPARTMENT_NAMES.map((name) => {
    const id = slugOf(name);
    return { id, name, emails: [`${id}@demo.example`] };
  });
}

export interface DemoPerson {
  email: string;
  name: string;
  role: UnitRole;
  departmentId: string | null;
}

/** The demo unit's people: one per role, and one per department (the same names the sign-in page shows). */
export function demoPeople(): DemoPerson[] {
  const person = (role: UnitRole, name: string, email: string): DemoPerson => ({
    email,
    name,
    role,
    departmentId: null,
  });
  return [
    person('admin', 'Quản trị viên', 'quantri@demo.example'),
    person('office', 'Cán bộ Văn phòng', 'canbo.vanphong@demo.example'),
    person('front', 'Cán bộ Ủy ban MTTQ', 'canbo.mttq@demo.example'),
    person('standing', 'Ủy viên Ban Thường vụ', 'uyvien.bantv@demo.example'),
    ...demoDepartments().map((d) => ({
      email: `canbo.${d.id}@demo.example`,
      name: `Cán bộ ${d.name}`,
      role: 'department' as const,
      departmentId: d.id,
    })),
  ];
}

export interface SeedResult {
  /** Whether this start wrote anything (false: the demo was already complete). */
  seeded: boolean;
  recommendations: number;
}

/** Brings the demo unit to complete, whatever an earlier start left. */
export async function seedDemo(deps: AppDeps, log: (line: string) => void = () => {}): Promise<SeedResult> {
  const marker = await deps.units.getSetting<{ version: number }>(DEMO_UNIT.id, SEED_MARKER, true);
  if (marker && marker.version >= SEED_VERSION) return { seeded: false, recommendations: 0 };
  log(`Đang tạo đơn vị mẫu "${DEMO_UNIT.name}"…`);

  await seedDemoProvince(deps);
  const existing = await deps.units.getUnit(DEMO_UNIT.id, true);
  if (existing) await placeUnderProvince(deps, existing);
  else {
    try {
      await createUnit(deps, { ...DEMO_UNIT }, seeder, { departments: demoDepartments() });
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
    }
  }

  const known = new Set((await deps.users.list(DEMO_UNIT.id)).map((u) => u.email));
  for (const person of demoPeople()) {
    if (!known.has(person.email)) await createUser(deps, DEMO_UNIT.id, person, seeder, { invite: false });
  }

  if ((await deps.units.getSetting(DEMO_UNIT.id, ESCALATION_POLICY_SETTING, true)) === undefined) {
    await saveEscalationPolicy(
      deps,
      DEMO_UNIT.id,
      {
        ...DEFAULT_ESCALATION_POLICY,
        recipients: {
          office: ['vanphong@demo.example'],
          front: ['mttq@demo.example'],
          chair: ['chutich.ubnd@demo.example'],
          partySecretary: ['bithu.dangu@demo.example'],
          standing: ['bantv.dangu@demo.example'],
        },
      },
      seeder,
    );
  }

  const dialogue =
    (await deps.dialogues.list(DEMO_UNIT.id)).find((d) => d.title === DIALOGUE.title) ??
    (await createDialogue(deps, DEMO_UNIT.id, { ...DIALOGUE, chairs: [...DIALOGUE.chairs] }, seeder));

  log('Đang nhập các kiến nghị của tệp mẫu…');
  const bytes = new Uint8Array(await readFile(SAMPLE_CSV));
  const imported = await importRecommendations(
    deps,
    DEMO_UNIT.id,
    dialogue.id,
    { bytes, contentType: 'text/csv', filename: 'kien-nghi-phuong-iv-2023.csv' },
    seeder,
  );

  if (!dialogue.conclusionNoticeNumber) {
    await patchDialogue(
      deps,
      DEMO_UNIT.id,
      dialogue.id,
      {
        version: dialogue.version,
        conclusionNoticeNumber: '125/TB-UBND',
        conclusionNoticeDate: '2023-10-24',
        published: true,
      },
      seeder,
    );
  }
  await seedDemoRecipients(deps, DEMO_UNIT.id);
  log('Đang tạo xã thứ hai của tỉnh mẫu…');
  await seedDemoCommune(deps);
  await deps.units.putSetting(
    DEMO_UNIT.id,
    SEED_MARKER,
    { version: SEED_VERSION },
    seeder,
    deps.clock.now(),
    marker ?? null,
  );
  return { seeded: true, recommendations: imported.imported + imported.alreadyImported };
}
