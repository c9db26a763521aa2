/**
 * The web pages' side of the permission table (shared/domain/permissions.ts), beside the API's
 * ROUTE_TABLE: the action each page area needs (read by requireUser and the navigation), and the action
 * each form POST performs. A form is registered only through `postForm`, which refuses a user who may not
 * perform its action; the service it calls checks again, with the ownership condition. The authorization
 * matrix test is generated from these tables and fails when a form is posted outside them.
 */
import type { Handler, Hono } from 'hono';
import { type Action, can, rolesFor } from '../domain/permissions.js';
import { ROLE_LABEL } from './format.js';
import { PageForbiddenError, type WebEnv } from './session.js';

export interface PageArea {
  /** Where the area is mounted, e.g. /office. */
  path: string;
  /** Its label in the navigation; null for an area reached only by links (an item's page). */
  label: string | null;
  action: Action;
  /**
   * The area is the home page of a user who may perform this action (default: `action`): the dialogues
   * are read by everyone, but they are the home of the office only.
   */
  home?: Action;
}

/**
 * The areas of the web pages, in the order of the navigation. A user's home is the first area whose
 * `home` action they may perform (else the first they may enter); it comes first in their navigation.
 */
export const PAGE_AREAS = [
  { path: '/units', label: 'Đơn vị', action: 'unit.list' },
  { path: '/admin', label: 'Quản trị', action: 'unitAdmin.read' },
  { path: '/office', label: 'Hội nghị', action: 'dialogue.list', home: 'dialogue.create' },
  { path: '/inbox', label: 'Việc cần trả lời', action: 'inbox.read' },
  { path: '/front', label: 'Giám sát', action: 'report.supervision' },
  { path: '/standing', label: 'Tổng hợp quý', action: 'report.quarterly' },
  { path: '/documents', label: 'Thông báo, báo cáo', action: 'conclusionNotice.read' },
  /** A province's communes: shown in the navigation only to a unit that has child units. */
  { path: '/communes', label: 'Các xã, phường', action: 'childUnits.quarterly' },
  { path: '/items', label: 'Danh sách kiến nghị', action: 'recommendation.read' },
] as const satisfies readonly PageArea[];

export type AreaPath = (typeof PAGE_AREAS)[number]['path'];

export function areaAction(path: AreaPath): Action {
  return (PAGE_AREAS.find((a) => a.path === path) as PageArea).action;
}

export interface PageAction {
  method: 'post';
  /** Hono-style path, e.g. /items/:id/resolve. */
  path: string;
  action: Action;
}

/** Every form the signed-in pages post, and the action it performs. */
export const PAGE_ACTIONS = {
  createDialogue: { method: 'post', path: '/office/dialogues', action: 'dialogue.create' },
  recordConclusion: { method: 'post', path: '/office/dialogues/:id/conclusion', action: 'dialogue.update' },
  publishDialogue: { method: 'post', path: '/office/dialogues/:id/publish', action: 'dialogue.update' },
  addRecommendation: { method: 'post', path: '/office/dialogues/:id/add', action: 'recommendation.create' },
  previewImport: { method: 'post', path: '/office/dialogues/:id/import', action: 'recommendation.import' },
  confirmImport: {
    method: 'post',
    path: '/office/dialogues/:id/import/confirm',
    action: 'recommendation.import',
  },
  assignItem: { method: 'post', path: '/items/:id/assign', action: 'recommendation.update' },
  resolveItem: { method: 'post', path: '/items/:id/resolve', action: 'recommendation.resolve' },
  reviewItem: { method: 'post', path: '/items/:id/review', action: 'recommendation.review' },
  decideRepeat: { method: 'post', path: '/office/repeats', action: 'repeats.decide' },
  forwardItem: { method: 'post', path: '/items/:id/forward', action: 'recommendation.forward' },
  addFile: { method: 'post', path: '/items/:id/files', action: 'attachment.add' },
  presignFile: { method: 'post', path: '/items/:id/files/upload', action: 'attachment.add' },
  removeFile: { method: 'post', path: '/items/:id/files/:fileId/remove', action: 'attachment.remove' },
  publishFile: { method: 'post', path: '/items/:id/files/:fileId/public', action: 'attachment.publish' },
  editNotice: {
    method: 'post',
    path: '/documents/dialogues/:id/notice/text',
    action: 'conclusionNotice.edit',
  },
  issueNotice: {
    method: 'post',
    path: '/documents/dialogues/:id/notice/issue',
    action: 'conclusionNotice.issue',
  },
  cooperateItem: { method: 'post', path: '/items/:id/cooperate', action: 'recommendation.cooperate' },

  createUnit: { method: 'post', path: '/units', action: 'unit.create' },
  updateUnit: { method: 'post', path: '/units/:id', action: 'unit.update' },
  addUnitAdmin: { method: 'post', path: '/units/:id/admins', action: 'unit.addAdmin' },
  saveUnitSettings: { method: 'post', path: '/admin/settings', action: 'unitSettings.update' },
  createUser: { method: 'post', path: '/admin/people', action: 'user.create' },
  updateUser: { method: 'post', path: '/admin/people/:id', action: 'user.update' },
  createDepartment: { method: 'post', path: '/admin/departments', action: 'department.create' },
  updateDepartment: { method: 'post', path: '/admin/departments/:id', action: 'department.update' },
  deleteDepartment: { method: 'post', path: '/admin/departments/:id/delete', action: 'department.delete' },
  saveFields: { method: 'post', path: '/admin/fields', action: 'fields.update' },
  setCalendarOverride: { method: 'post', path: '/admin/calendar', action: 'calendar.override' },
  removeCalendarOverride: {
    method: 'post',
    path: '/admin/calendar/:date/remove',
    action: 'calendar.override',
  },
  savePolicy: { method: 'post', path: '/admin/policy', action: 'escalationPolicy.update' },
  saveRecipient: { method: 'post', path: '/admin/recipients', action: 'recipients.update' },
  removeRecipient: { method: 'post', path: '/admin/recipients/remove', action: 'recipients.update' },
} as const satisfies Record<string, PageAction>;

export interface PageView {
  method: 'get';
  /** Hono-style path, e.g. /office/dialogues/:id/add. */
  path: string;
  action: Action;
}

/**
 * Pages of an area that need more than the area's action: the pages of a form (shown only to a user who
 * may post it) and the office's own pages. Registered only through `getView`.
 */
export const PAGE_VIEWS = {
  newDialogue: { method: 'get', path: '/office/dialogues/new', action: 'dialogue.create' },
  quickEntry: { method: 'get', path: '/office/dialogues/:id/add', action: 'recommendation.create' },
  importFile: { method: 'get', path: '/office/dialogues/:id/import', action: 'recommendation.import' },
  dueDatePreview: { method: 'get', path: '/office/due-date', action: 'calendar.read' },
  repeats: { method: 'get', path: '/office/repeats', action: 'repeats.read' },
  itemList: { method: 'get', path: '/items', action: 'recommendation.list' },
  itemListExport: { method: 'get', path: '/items/export', action: 'recommendation.list' },
} as const satisfies Record<string, PageView>;

/** Forms anyone may post: they perform no action of the table (the session itself). */
export const OPEN_FORMS: readonly { method: 'post'; path: string }[] = [
  { method: 'post', path: '/signin' },
  { method: 'post', path: '/signout' },
];

/** "…: chỉ Quản trị, Văn phòng được làm.": who may, from the permission table. */
export function refusalOf(action: Action): string {
  const roles = rolesFor(action).map((r) => ROLE_LABEL[r]);
  return `Tài khoản của bạn không được làm việc này: chỉ ${roles.join(', ')} được làm.`;
}

/** Refuses (403 page) a signed-in user who may not perform `action`. */
export function allowAction(action: Action) {
  return async (c: Parameters<Handler<WebEnv>>[0], next: () => Promise<void>) => {
    if (!can(c.get('user'), action)) throw new PageForbiddenError(refusalOf(action));
    await next();
  };
}

/** Registers a form POST of PAGE_ACTIONS on the sub-app mounted at `mountedAt`. */
export function postForm<P extends string>(
  app: Hono<WebEnv>,
  mountedAt: string,
  entry: PageAction & { path: P },
  handler: Handler<WebEnv, P>,
): void {
  if (entry.path !== mountedAt && !entry.path.startsWith(`${mountedAt}/`))
    throw new Error(`${entry.path} is not under ${mountedAt}`);
  app.post(
    entry.path.slice(mountedAt.length) || '/',
    allowAction(entry.action),
    handler as unknown as Handler<WebEnv>,
  );
}

/** Registers a page of PAGE_VIEWS on the sub-app mounted at `mountedAt`. */
export function getView<P extends string>(
  app: Hono<WebEnv>,
  mountedAt: string,
  entry: PageView & { path: P },
  handler: Handler<WebEnv, P>,
): void {
  if (entry.path !== mountedAt && !entry.path.startsWith(`${mountedAt}/`))
    throw new Error(`${entry.path} is not under ${mountedAt}`);
  app.get(
    entry.path.slice(mountedAt.length) || '/',
    allowAction(entry.action),
    handler as unknown as Handler<WebEnv>,
  );
}
