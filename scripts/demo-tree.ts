/**
 * The demo's tree of units: a province above the demo ward and a second commune with a few items (one
 * answered, some open and overdue, one forwarded to the province), so the province's roll-up pages
 * (/communes) show something on `npm start`. Idempotent and resumable like the rest of the demo.
 */
import { ConflictError } from '../shared/domain/errors.js';
import type { Actor, UnitRecord } from '../shared/domain/model.js';
import type { AppDeps } from '../shared/http/env.js';
import { createDialogue } from '../shared/services/dialogue-service.js';
import { forwardItem } from '../shared/services/forward-service.js';
import { createRecommendations, resolveItem } from '../shared/services/recommendation-service.js';
import { createUnit, updateUnit } from '../shared/services/unit-service.js';

export const DEMO_PROVINCE = { id: 'demo-tinh', code: 'TINH-MAU', name: 'Tỉnh Mẫu (dữ liệu mẫu)' } as const;
export const DEMO_COMMUNE = {
  id: 'demo-binh-an',
  code: 'BINH-AN',
  name: 'Xã Bình An (dữ liệu mẫu)',
  parentId: DEMO_PROVINCE.id,
} as const;

const seeder: Actor = { sub: 'seed', name: 'Dữ liệu mẫu', roles: ['system', 'admin'], departmentId: null };
const principal = (unitId: string) => ({ ...seeder, unitId });

const DIALOGUE = {
  title: 'Hội nghị đối thoại giữa người đứng đầu cấp ủy, chính quyền xã với Nhân dân quý IV/2023',
  kind: 'Hội nghị tiếp xúc, đối thoại',
  heldOn: '2023-10-20',
  location: 'Hội trường UBND xã Bình An',
  chairs: ['Bí thư Đảng ủy xã', 'Chủ tịch UBND xã'],
  status: 'held',
} as const;

const ITEMS = [
  {
    content: 'Đề nghị sửa chữa tuyến đường liên ấp Bình Thạnh bị sụt lún',
    dueDate: '2023-11-20',
    next: 'resolve',
  },
  { content: 'Đề nghị lắp đặt đèn chiếu sáng khu vực chợ Bình An', dueDate: '2023-11-30', next: null },
  {
    content: 'Đề nghị nạo vét kênh thủy lợi cấp nước cho đồng ruộng ấp 3',
    dueDate: '2023-12-15',
    next: null,
  },
  {
    content: 'Đề nghị tỉnh đầu tư nâng cấp cầu dân sinh qua sông Bình An (vượt thẩm quyền cấp xã)',
    dueDate: '2023-12-20',
    next: 'forward',
  },
] as const;

/** The province, created before the demo ward so that the ward can sit under it. */
export async function seedDemoProvince(deps: AppDeps): Promise<void> {
  if (await deps.units.getUnit(DEMO_PROVINCE.id, true)) return;
  try {
    await createUnit(deps, { ...DEMO_PROVINCE }, seeder);
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
  }
}

/** A demo ward created by an earlier version (flat units) is moved under the province. */
export async function placeUnderProvince(deps: AppDeps, unit: UnitRecord): Promise<void> {
  if (unit.parentId) return;
  await updateUnit(deps, unit.id, { version: unit.version, parentId: DEMO_PROVINCE.id }, seeder);
}

/** The second commune and its items; the forwarded one creates the province's first item. */
export async function seedDemoCommune(deps: AppDeps): Promise<void> {
  const unitId = DEMO_COMMUNE.id;
  if (!(await deps.units.getUnit(unitId, true))) {
    try {
      await createUnit(deps, { ...DEMO_COMMUNE }, seeder);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
    }
  }
  const dialogue =
    (await deps.dialogues.list(unitId)).find((d) => d.title === DIALOGUE.title) ??
    (await createDialogue(deps, unitId, { ...DIALOGUE, chairs: [...DIALOGUE.chairs] }, seeder));
  const departments = await deps.units.listDepartments(unitId);
  const lead = departments[0]?.id ?? null;
  const { items } = await createRecommendations(
    deps,
    unitId,
    dialogue.id,
    ITEMS.map((i) => ({
      content: i.content,
      source: 'at_dialogue' as const,
      disposition: 'assigned' as const,
      departmentId: lead,
      dueDate: i.dueDate,
    })),
    seeder,
    { idempotencyKey: 'demo-tree-items' },
  );
  for (const [i, spec] of ITEMS.entries()) {
    const item = items[i];
    if (item?.status !== 'assigned') continue;
    if (spec.next === 'resolve') {
      await resolveItem(deps, unitId, item.id, seeder, {
        answer: 'UBND xã đã bố trí kinh phí và hoàn thành sửa chữa tuyến đường.',
        documentRef: '45/UBND-KT',
      });
    } else if (spec.next === 'forward') {
      await forwardItem(deps, unitId, item.id, principal(unitId), {
        toUnitId: DEMO_PROVINCE.id,
        note: 'Công trình vượt khả năng ngân sách xã, kính chuyển tỉnh xem xét.',
      });
    }
  }
}
