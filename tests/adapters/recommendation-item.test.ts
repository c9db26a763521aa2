import { describe, expect, it } from 'vitest';
import {
  itemToRecommendation,
  recommendationToItem,
} from '../../shared/adapters/dynamodb/recommendation-store.js';
import { fromAttributes, toAttributes } from '../../shared/adapters/dynamodb/table.js';
import type { Recommendation } from '../../shared/domain/model.js';

/** Every field of the model set, the optional ones included. */
const full: Recommendation = {
  id: '0b8f3f7e-5d1c-4a57-9a43-2f0e4e1c9a10',
  ref: 'P4-2026-0015',
  dialogueId: '6a1d1c4b-9f4e-4c55-8a36-0c3f6d2b7e21',
  content: 'Đề nghị sửa chữa mặt đường hẻm 12, mưa xuống ngập sâu',
  raisedBy: 'Nguyễn Văn Hùng',
  residentialGroup: 'Khu phố 3',
  field: 'Giao thông',
  source: 'at_dialogue',
  disposition: 'assigned',
  status: 'forwarded',
  departmentId: 'qlđt',
  cooperatingDepartmentIds: ['ca', 'vhxh'],
  dueDate: '2026-12-20',
  firstDueDate: '2026-12-15',
  answer: { text: 'Đã chuyển lên quận', responder: 'Văn phòng', documentRef: '12/UBND', date: '2026-12-02' },
  cooperationNotes: [
    {
      id: 'n1',
      departmentId: 'ca',
      text: 'Đã khảo sát',
      author: 'Công an phường',
      at: '2026-12-01T03:00:00.000Z',
    },
  ],
  reason: null,
  reopenCount: 1,
  escalationLevel: 2,
  nextEscalationAt: '2026-12-21T08:00',
  quarter: '2026-Q4',
  assignedOn: '2026-11-20',
  forwardedOn: '2026-12-02',
  resolvedOn: null,
  workingDaysToResolve: null,
  repeatOf: 'P4-2025-0102',
  forwardedTo: {
    unitId: 'q1',
    recommendationId: 'c0a8012e-0000-4000-8000-000000000001',
    ref: 'Q1-2026-0003',
    status: 'assigned',
  },
  forwardedFrom: null,
  attachments: [
    {
      id: 'a1',
      name: 'Công văn 12.pdf',
      size: 1024,
      contentType: 'application/pdf',
      uploadedAt: '2026-12-02T02:00:00.000Z',
      uploadedBy: { sub: 's1', name: 'Văn phòng' },
      public: true,
    },
  ],
  createdAt: '2026-11-20T02:00:00.000Z',
  updatedAt: '2026-12-02T02:00:00.000Z',
  version: 7,
};

const stored = (rec: Recommendation) => fromAttributes(toAttributes(recommendationToItem('u1', rec)));

describe('the stored form of an item', () => {
  it('reads back every field it wrote, and only those', () => {
    const back = itemToRecommendation(stored(full));
    expect(back).toEqual(full);
    expect(Object.keys(back).sort()).toEqual(Object.keys(full).sort());
  });

  it('carries its keys and list attributes on the item, never on the record read back', () => {
    const item = stored(full);
    expect(item).toMatchObject({ pk: 'U#u1', sk: `REC#${full.id}`, type: 'REC', gsi1sk: full.ref });
    expect(item.lsk).toBeTypeOf('string');
    expect(item.searchText).toContain('ngap');
    const back = itemToRecommendation(item) as unknown as Record<string, unknown>;
    for (const key of ['pk', 'sk', 'type', 'gsi1pk', 'gsi1sk', 'lpk', 'lsk', 'lv', 'searchText', 'fieldKey'])
      expect(back).not.toHaveProperty(key);
  });

  it('gives an item stored before a field existed that field’s empty value', () => {
    const item = stored(full);
    delete item.firstDueDate;
    delete item.forwardedOn;
    delete item.cooperationNotes;
    const back = itemToRecommendation(item);
    expect(back.firstDueDate).toBeNull();
    expect(back.forwardedOn).toBeNull();
    expect(back.cooperationNotes).toEqual([]);
  });

  it('leaves an optional field absent when the item has none', () => {
    const item = stored(full);
    delete item.attachments;
    delete item.forwardedTo;
    delete item.forwardedFrom;
    const back = itemToRecommendation(item);
    expect('attachments' in back).toBe(false);
    expect('forwardedTo' in back).toBe(false);
    expect('forwardedFrom' in back).toBe(false);
  });

  it('keeps an attribute it does not know, so that its next write does not drop it', () => {
    const item = { ...stored(full), laterField: { kept: true } };
    const back = itemToRecommendation(item);
    expect(stored(back).laterField).toEqual({ kept: true });
  });
});
