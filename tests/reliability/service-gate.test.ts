/**
 * Below both doors: every service command the pages and the API call checks the permission table
 * itself. Each command is called directly (no route, no page) by an actor of every role: a role the
 * table does not allow gets ForbiddenError before anything is written; an allowed one is never refused
 * for its role. A command added without an entry here makes the last test fail.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ForbiddenError } from '../../shared/domain/errors.js';
import { type Actor, ROLES } from '../../shared/domain/model.js';
import { type Action, can, PERMISSIONS } from '../../shared/domain/permissions.js';
import {
  addAttachment,
  attachmentDownload,
  removeAttachment,
  setAttachmentPublic,
  startUpload,
} from '../../shared/services/attachment-service.js';
import { batchAssign } from '../../shared/services/batch-assign.js';
import {
  listNationalOverrides,
  removeUnitOverride,
  setUnitOverride,
  workingDaysAfter,
  yearHolidays,
} from '../../shared/services/calendar-service.js';
import {
  createDepartment,
  deleteDepartment,
  listDepartments,
  updateDepartment,
} from '../../shared/services/department-service.js';
import {
  createDialogue,
  dialogueHistory,
  getDialogue,
  listDialogues,
  patchDialogue,
} from '../../shared/services/dialogue-service.js';
import { conclusionNotice, resultsReport, saveNoticeText } from '../../shared/services/document-service.js';
import {
  loadEscalationPolicy,
  saveEscalationPolicy,
} from '../../shared/services/escalation/policy-settings.js';
import { saveUnitFields, unitFields } from '../../shared/services/field-service.js';
import { forwardItem } from '../../shared/services/forward-service.js';
import { checkImport, importRecommendations } from '../../shared/services/import-service.js';
import {
  countRecommendations,
  exportRecommendations,
  listPage,
  listRecommendations,
} from '../../shared/services/list-service.js';
import { issueConclusionNotice } from '../../shared/services/notice-issue-service.js';
import { readNoticeSettings, updateNoticeSettings } from '../../shared/services/notice-settings.js';
import { listRecipients, removeRecipient, saveRecipient } from '../../shared/services/recipient-service.js';
import {
  addNote,
  createRecommendations,
  getVisible,
  patchItem,
  recommendationHistory,
  resolveItem,
  reviewItem,
} from '../../shared/services/recommendation-service.js';
import { decideRepeat, repeatCandidates } from '../../shared/services/repeat-service.js';
import {
  listReportSends,
  readQuarterlySummary,
  readSupervisionReport,
  sendReportNow,
} from '../../shared/services/report-service.js';
import {
  childQuarterlyRollup,
  childSupervisionRollup,
  listChildRecommendations,
} from '../../shared/services/tree-service.js';
import {
  createUnit,
  getOwnUnit,
  getUnit,
  listUnits,
  updateOwnUnit,
  updateUnit,
} from '../../shared/services/unit-service.js';
import {
  addUnitAdmin,
  createUser,
  getUser,
  listUnitAdmins,
  listUsers,
  updateUser,
} from '../../shared/services/user-service.js';
import { createTestApp, seedUnit } from '../support/app.js';
import { ClientProbe } from './support.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
let probe: ClientProbe;
let dialogueId: string;
let itemId: string;
let resolvedId: string;
/** An item led by another department, 'dc' cooperating (the department actor's contribution note). */
let cooperatingId: string;
const U = 'u1';
const csv = {
  bytes: new TextEncoder().encode('STT,Nội dung kiến nghị,Nguồn\n1,Kiến nghị,Trực tiếp\n'),
  contentType: 'text/csv',
};

beforeAll(async () => {
  t = await createTestApp({ now: '2023-10-20T02:00:00Z' });
  probe = new ClientProbe(t.client);
  ({ dialogueId } = await seedUnit(t, U));
  const make = async (departmentId = 'dc', cooperatingDepartmentIds: string[] = []) =>
    (
      await t.call('POST', `/api/dialogues/${dialogueId}/recommendations`, {
        as: 'office',
        body: {
          content: 'Kiến nghị',
          source: 'at_dialogue',
          disposition: 'assigned',
          departmentId,
          cooperatingDepartmentIds,
        },
      })
    ).body.id as string;
  itemId = await make();
  resolvedId = await make();
  cooperatingId = await make('vhxh', ['dc']);
  await t.call('POST', `/api/recommendations/${resolvedId}/resolve`, {
    as: 'department:dc',
    body: { answer: 'Xong' },
  });
});

type Command = (actor: Actor) => Promise<unknown>;
const d = () => t.deps;

/** Every command, with the action it performs. */
const COMMANDS: [string, Action, Command][] = [
  ['listUnits', 'unit.list', (a) => listUnits(d(), a)],
  ['getUnit', 'unit.read', (a) => getUnit(d(), U, a)],
  ['listUnitAdmins', 'unit.read', (a) => listUnitAdmins(d(), U, a)],
  [
    'createUnit',
    'unit.create',
    (a) =>
      createUnit(
        d(),
        { id: `svc-${Math.random().toString(36).slice(2, 10)}`, code: 'SVC', name: 'Xã thử' },
        a,
      ),
  ],
  ['updateUnit', 'unit.update', (a) => updateUnit(d(), U, { version: 999, name: 'Đổi tên' }, a)],
  [
    'addUnitAdmin',
    'unit.addAdmin',
    (a) =>
      addUnitAdmin(
        d(),
        U,
        { email: `qt-${Math.random()}@demo.example`.replace('0.', ''), name: 'Quản trị' },
        a,
      ),
  ],
  ['getOwnUnit', 'unitSettings.read', (a) => getOwnUnit(d(), { ...a, unitId: U })],
  ['updateOwnUnit', 'unitSettings.update', (a) => updateOwnUnit(d(), { ...a, unitId: U }, { version: 999 })],
  ['listUsers', 'user.list', (a) => listUsers(d(), U, a)],
  ['getUser', 'user.list', (a) => getUser(d(), U, 'khong-co', a)],
  [
    'createUser',
    'user.create',
    (a) =>
      createUser(
        d(),
        U,
        { email: `nd-${Math.random()}@demo.example`.replace('0.', ''), name: 'Người', role: 'office' },
        a,
      ),
  ],
  ['updateUser', 'user.update', (a) => updateUser(d(), U, 'khong-co', { version: 1, role: 'front' }, a)],
  [
    'updateDepartment',
    'department.update',
    (a) => updateDepartment(d(), U, 'dc', { version: 999, name: 'X' }, a),
  ],
  ['deleteDepartment', 'department.delete', (a) => deleteDepartment(d(), U, 'dc', 999, a)],
  ['listDepartments', 'department.list', (a) => listDepartments(d(), U, a)],
  [
    'createDepartment',
    'department.create',
    (a) => createDepartment(d(), U, { name: `Phòng ${Math.random()}`, emails: [] }, a),
  ],
  ['listDialogues', 'dialogue.list', (a) => listDialogues(d(), U, a)],
  ['getDialogue', 'dialogue.read', (a) => getDialogue(d(), U, dialogueId, a)],
  ['dialogueHistory', 'dialogue.history', (a) => dialogueHistory(d(), U, dialogueId, a)],
  [
    'createDialogue',
    'dialogue.create',
    (a) =>
      createDialogue(
        d(),
        U,
        { title: 'Hội nghị', kind: 'Đối thoại', heldOn: '2023-10-12', location: 'Hội trường', chairs: [] },
        a,
      ),
  ],
  [
    'patchDialogue',
    'dialogue.update',
    (a) => patchDialogue(d(), U, dialogueId, { version: 999, location: 'X' }, a),
  ],
  ['listRecommendations', 'recommendation.list', (a) => listRecommendations(d(), U, a, {}, 10)],
  ['listPage', 'recommendation.list', (a) => listPage(d(), U, a, { q: 'kiến nghị' }, { limit: 10 })],
  ['countRecommendations', 'recommendation.list', (a) => countRecommendations(d(), U, a, {})],
  ['exportRecommendations', 'recommendation.list', (a) => exportRecommendations(d(), U, a, {})],
  ['getVisible', 'recommendation.read', (a) => getVisible(d(), U, itemId, a)],
  ['recommendationHistory', 'recommendation.history', (a) => recommendationHistory(d(), U, itemId, a)],
  [
    'createRecommendations',
    'recommendation.create',
    (a) => createRecommendations(d(), U, dialogueId, [{ content: 'Mới', source: 'at_dialogue' }], a),
  ],
  ['checkImport', 'recommendation.import', (a) => checkImport(d(), U, dialogueId, csv, a)],
  [
    'importRecommendations',
    'recommendation.import',
    (a) => importRecommendations(d(), U, dialogueId, csv, a, `k${Math.random()}`),
  ],
  [
    'patchItem',
    'recommendation.update',
    (a) => patchItem(d(), U, itemId, a, { version: 999, content: 'Sửa' }),
  ],
  [
    'resolveItem',
    'recommendation.resolve',
    (a) => resolveItem(d(), U, itemId, a, { answer: 'Trả lời', version: 999 }),
  ],
  [
    'reviewItem',
    'recommendation.review',
    (a) => reviewItem(d(), U, resolvedId, a, { decision: 'confirm', version: 999 }),
  ],
  [
    'forwardItem',
    'recommendation.forward',
    (a) => forwardItem(d(), U, itemId, a, { toUnitId: 'khong-co', version: 999 }),
  ],
  [
    'childQuarterlyRollup',
    'childUnits.quarterly',
    (a) => childQuarterlyRollup(d(), { ...a, unitId: U }, { year: 2023, quarter: 4 }),
  ],
  [
    'childSupervisionRollup',
    'childUnits.supervision',
    (a) => childSupervisionRollup(d(), { ...a, unitId: U }),
  ],
  [
    'listChildRecommendations',
    'childUnits.recommendations',
    (a) => listChildRecommendations(d(), { ...a, unitId: U }, 'khong-co', {}, 10),
  ],
  [
    'addNote',
    'recommendation.cooperate',
    (a) => addNote(d(), U, cooperatingId, a, { text: 'Ý kiến', version: 999 }),
  ],
  [
    'batchAssign',
    'recommendation.update',
    (a) => batchAssign(d(), U, a, { items: [{ id: itemId, version: 999 }], departmentId: 'dc' }),
  ],
  ['readNoticeSettings', 'notices.read', (a) => readNoticeSettings(d(), U, a)],
  ['updateNoticeSettings', 'notices.update', (a) => updateNoticeSettings(d(), U, a, { assignment: true })],
  ['unitFields', 'fields.read', (a) => unitFields(d(), U, a)],
  ['saveUnitFields', 'fields.update', (a) => saveUnitFields(d(), U, ['Giao thông'], a)],
  ['workingDaysAfter', 'calendar.read', (a) => workingDaysAfter(d(), U, a, '2023-10-20', 3)],
  ['yearHolidays', 'calendar.read', (a) => yearHolidays(d(), U, a, 2023)],
  [
    'setUnitOverride',
    'calendar.override',
    (a) => setUnitOverride(d(), U, '2024-06-01', { kind: 'working_day', name: 'Làm bù' }, a),
  ],
  ['removeUnitOverride', 'calendar.override', (a) => removeUnitOverride(d(), U, '2024-06-08', a)],
  ['listNationalOverrides', 'calendar.national', (a) => listNationalOverrides(d(), a)],
  ['loadEscalationPolicy', 'escalationPolicy.read', (a) => loadEscalationPolicy(d(), U, a)],
  [
    'saveEscalationPolicy',
    'escalationPolicy.update',
    async (a) =>
      saveEscalationPolicy(d(), U, await loadEscalationPolicy(d(), U, { ...a, roles: ['admin'] }), a),
  ],
  ['readSupervisionReport', 'report.supervision', (a) => readSupervisionReport(d(), U, a)],
  [
    'readQuarterlySummary',
    'report.quarterly',
    (a) => readQuarterlySummary(d(), U, a, { year: 2023, quarter: 4 }),
  ],
  ['sendReportNow', 'report.send', (a) => sendReportNow(t.deps, U, a, { kind: 'supervision' })],
  ['listReportSends', 'report.sends', (a) => listReportSends(d(), U, a, 10)],
  ['listRecipients', 'recipients.read', (a) => listRecipients(d(), U, a)],
  [
    'saveRecipient',
    'recipients.update',
    (a) => saveRecipient(d(), U, { kind: 'supervision', email: 'vp@demo.example' }, a),
  ],
  [
    'removeRecipient',
    'recipients.update',
    (a) => removeRecipient(d(), U, 'supervision', 'khong-co@demo.example', a),
  ],
  ['repeatCandidates', 'repeats.read', (a) => repeatCandidates(d(), U, dialogueId, a)],
  ['conclusionNotice', 'conclusionNotice.read', (a) => conclusionNotice(d(), U, dialogueId, a)],
  [
    'saveNoticeText',
    'conclusionNotice.edit',
    (a) => saveNoticeText(d(), U, dialogueId, { version: 999, opening: 'Mở đầu' }, a),
  ],
  [
    'issueConclusionNotice',
    'conclusionNotice.issue',
    (a) => issueConclusionNotice(d(), U, dialogueId, { number: '1', date: '2023-10-20', version: 999 }, a),
  ],
  ['resultsReport', 'resultsReport.read', (a) => resultsReport(d(), U, dialogueId, a)],
  [
    'addAttachment',
    'attachment.add',
    (a) =>
      addAttachment(
        d(),
        U,
        itemId,
        { bytes: new TextEncoder().encode('%PDF-1.4\n%%EOF\n'), name: 'cv.pdf' },
        a,
      ),
  ],
  [
    'startUpload',
    'attachment.add',
    (a) => startUpload(d(), U, itemId, { name: 'cv.pdf', size: 10, contentType: 'application/pdf' }, a),
  ],
  ['attachmentDownload', 'attachment.read', (a) => attachmentDownload(d(), U, itemId, 'none', a)],
  ['removeAttachment', 'attachment.remove', (a) => removeAttachment(d(), U, itemId, 'none', a)],
  ['setAttachmentPublic', 'attachment.publish', (a) => setAttachmentPublic(d(), U, itemId, 'none', true, a)],
  [
    'decideRepeat',
    'repeats.decide',
    (a) => decideRepeat(d(), U, { recommendationId: itemId, repeatOfId: resolvedId, decision: 'dismiss' }, a),
  ],
];

const actorOf = (role: (typeof ROLES)[number]): Actor => ({
  sub: `svc-${role}`,
  name: `Người dùng ${role}`,
  roles: [role],
  departmentId: role === 'department' ? 'dc' : null,
});

describe('every service command checks the permission table itself', () => {
  for (const [name, action, command] of COMMANDS) {
    for (const role of ROLES) {
      const allowed = can(actorOf(role), action);
      it(`${name} (${action}) as ${role}: ${allowed ? 'not refused for its role' : 'ForbiddenError, nothing written'}`, async () => {
        const mark = probe.log.length;
        const outcome = await command(actorOf(role)).then(
          () => null,
          (error: unknown) => error,
        );
        if (allowed) {
          expect(outcome, `${name} as ${role}`).not.toBeInstanceOf(ForbiddenError);
        } else {
          expect(outcome, `${name} as ${role}`).toBeInstanceOf(ForbiddenError);
          expect(probe.committedWrites(mark)).toEqual([]);
        }
      });
    }
  }

  it('covers every action of the table a service performs (dev.clock, inbox.read and unitAdmin.read are no service commands)', () => {
    const covered = new Set(COMMANDS.map(([, action]) => action));
    const missing = (Object.keys(PERMISSIONS) as Action[]).filter(
      (a) => !covered.has(a) && a !== 'dev.clock' && a !== 'inbox.read' && a !== 'unitAdmin.read',
    );
    expect(missing).toEqual([]);
  });
});
