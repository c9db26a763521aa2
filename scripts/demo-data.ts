import { readFile } from 'node:fs/promises';
import { DEFAULT_ESCALATION_POLICY } from '../shared/domain/escalation-policy.js';
import type { Actor, Department } from '../shared/domain/model.js';
import type { AppDeps } from '../shared/http/env.js';
import { slugOf } from '../shared/services/department-service.js';
import { createDialogue, patchDialogue } from '../shared/services/dialogue-service.js';
import { saveEscalationPolicy } from '../shared/services/escalation/policy-settings.js';
import { importRecommendations } from '../shared/services/import-service.js';
import { seedDemoRecipients } from '../shared/services/recipient-service.js';

export const DEMO_UNIT = { id: 'demo', code: 'DEMO', name: 'Phường IV (dữ liệu mẫu)' } as const;

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

export const SAMPLE_CSV = new URL('./demo/kien-nghi-phuong-iv-2023.csv', import.meta.url);

const seeder: Actor = { sub: 'seed', name: 'Dữ liệu mẫu', roles: ['admin'], departmentId: null };

export function demoDepartments(): Department[] {
  return DEMO_DEPARTMENT_NAMES.map((name) => {
    const id = slugOf(name);
    return { id, name, emails: [`${id}@demo.example`] };
  });
}

/** Seeds the demo unit once: departments, the 2023 dialogue of Phường IV and its recommendations. */
export async function seedDemo(deps: AppDeps): Promise<{ seeded: boolean; recommendations: number }> {
  if (await deps.units.getUnit(DEMO_UNIT.id)) return { seeded: false, recommendations: 0 };
  const now = deps.clock.now();
  for (const department of demoDepartments())
    await deps.units.createDepartment(DEMO_UNIT.id, department, seeder, now);
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
  const dialogue = await createDialogue(
    deps,
    DEMO_UNIT.id,
    {
      title:
        'Hội nghị tiếp xúc, đối thoại trực tiếp giữa người đứng đầu cấp ủy, chính quyền với Nhân dân năm 2023',
      kind: 'Hội nghị tiếp xúc, đối thoại',
      heldOn: '2023-10-13',
      location: 'Hội trường UBND Phường IV, số 133 đường Nguyễn Trãi, khu phố 6',
      chairs: ['Bí thư Đảng ủy phường', 'Chủ tịch UBND phường'],
      status: 'held',
    },
    seeder,
  );
  const bytes = new Uint8Array(await readFile(SAMPLE_CSV));
  const result = await importRecommendations(
    deps,
    DEMO_UNIT.id,
    dialogue.id,
    { bytes, contentType: 'text/csv', filename: 'kien-nghi-phuong-iv-2023.csv' },
    seeder,
  );
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
  await seedDemoRecipients(deps, DEMO_UNIT.id);
  // The unit goes last: its presence marks the seed as complete.
  await deps.units.putUnit({ ...DEMO_UNIT });
  return { seeded: true, recommendations: result.imported + result.alreadyImported };
}
