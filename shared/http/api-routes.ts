/**
 * Every API route — method, path, the action of shared/domain/permissions.ts it performs — and the group
 * (module of shared/http/routes/) that serves it. The app routes each request with this table and loads a
 * group's code (its schemas, services and handlers) on the first request that needs it
 * (shared/http/api-groups.ts), so a cold start loads none of them. The order is the matching order:
 * `/api/recommendations/counts` before `/api/recommendations/{id}`. A group's module declares the same
 * routes with securedRoute, which refuses one missing here; tests/api/route-manifest.test.ts checks that
 * each group serves exactly its rows.
 */
import type { Action } from '../domain/permissions.js';

export const API_GROUPS = [
  'units',
  'users',
  'departments',
  'dialogues',
  'documents',
  'recommendation-lists',
  'recommendations',
  'attachments',
  'calendar',
  'national-calendar',
  'fields',
  'escalation',
  'notices',
  'reports',
  /** Local only (deps.dev): absent from the app in AWS. */
  'dev',
] as const;

export type ApiGroup = (typeof API_GROUPS)[number];
export type ApiMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface ApiRoute {
  group: ApiGroup;
  method: ApiMethod;
  /** OpenAPI-style path, e.g. /api/recommendations/{id}. */
  path: string;
  action: Action;
}

const ROWS: readonly (readonly [ApiGroup, ApiMethod, string, Action])[] = [
  ['units', 'get', '/api/units', 'unit.list'],
  ['units', 'post', '/api/units', 'unit.create'],
  ['units', 'get', '/api/units/{id}', 'unit.read'],
  ['units', 'patch', '/api/units/{id}', 'unit.update'],
  ['units', 'post', '/api/units/{id}/admins', 'unit.addAdmin'],
  ['units', 'get', '/api/unit', 'unitSettings.read'],
  ['units', 'patch', '/api/unit', 'unitSettings.update'],
  ['users', 'get', '/api/users', 'user.list'],
  ['users', 'post', '/api/users', 'user.create'],
  ['users', 'patch', '/api/users/{id}', 'user.update'],
  ['departments', 'get', '/api/departments', 'department.list'],
  ['departments', 'post', '/api/departments', 'department.create'],
  ['departments', 'patch', '/api/departments/{id}', 'department.update'],
  ['departments', 'delete', '/api/departments/{id}', 'department.delete'],
  ['dialogues', 'get', '/api/dialogues', 'dialogue.list'],
  ['dialogues', 'post', '/api/dialogues', 'dialogue.create'],
  ['dialogues', 'get', '/api/dialogues/{id}', 'dialogue.read'],
  ['dialogues', 'patch', '/api/dialogues/{id}', 'dialogue.update'],
  ['dialogues', 'get', '/api/dialogues/{id}/history', 'dialogue.history'],
  ['documents', 'get', '/api/dialogues/{id}/conclusion-notice', 'conclusionNotice.read'],
  ['documents', 'put', '/api/dialogues/{id}/conclusion-notice/text', 'conclusionNotice.edit'],
  ['documents', 'post', '/api/dialogues/{id}/conclusion-notice/issue', 'conclusionNotice.issue'],
  ['documents', 'get', '/api/dialogues/{id}/results-report', 'resultsReport.read'],
  ['recommendation-lists', 'get', '/api/recommendations', 'recommendation.list'],
  ['recommendation-lists', 'get', '/api/recommendations/counts', 'recommendation.list'],
  ['recommendation-lists', 'get', '/api/recommendations/export', 'recommendation.list'],
  ['recommendations', 'post', '/api/dialogues/{id}/recommendations', 'recommendation.create'],
  ['recommendations', 'post', '/api/dialogues/{id}/recommendations/import', 'recommendation.import'],
  ['recommendations', 'get', '/api/recommendations/{id}', 'recommendation.read'],
  ['recommendations', 'post', '/api/recommendations/{id}/forward', 'recommendation.forward'],
  ['recommendations', 'patch', '/api/recommendations/{id}', 'recommendation.update'],
  ['recommendations', 'post', '/api/recommendations/{id}/resolve', 'recommendation.resolve'],
  ['recommendations', 'post', '/api/recommendations/{id}/review', 'recommendation.review'],
  ['recommendations', 'post', '/api/recommendations/assign', 'recommendation.update'],
  ['recommendations', 'post', '/api/recommendations/{id}/cooperation-notes', 'recommendation.cooperate'],
  ['recommendations', 'get', '/api/recommendations/{id}/history', 'recommendation.history'],
  ['attachments', 'post', '/api/recommendations/{id}/attachments', 'attachment.add'],
  ['attachments', 'post', '/api/recommendations/{id}/attachments/uploads', 'attachment.add'],
  ['attachments', 'post', '/api/recommendations/{id}/attachments/uploads/{uploadId}', 'attachment.add'],
  ['attachments', 'get', '/api/recommendations/{id}/attachments/{attachmentId}', 'attachment.read'],
  ['attachments', 'delete', '/api/recommendations/{id}/attachments/{attachmentId}', 'attachment.remove'],
  ['attachments', 'patch', '/api/recommendations/{id}/attachments/{attachmentId}', 'attachment.publish'],
  ['calendar', 'get', '/api/calendar/working-days/add', 'calendar.read'],
  ['calendar', 'get', '/api/calendar/holidays', 'calendar.read'],
  ['calendar', 'put', '/api/calendar/overrides/{date}', 'calendar.override'],
  ['calendar', 'delete', '/api/calendar/overrides/{date}', 'calendar.override'],
  ['national-calendar', 'get', '/api/calendar/national', 'calendar.national'],
  ['national-calendar', 'put', '/api/calendar/national/{date}', 'calendar.national'],
  ['national-calendar', 'delete', '/api/calendar/national/{date}', 'calendar.national'],
  ['fields', 'get', '/api/fields', 'fields.read'],
  ['fields', 'put', '/api/fields', 'fields.update'],
  ['escalation', 'get', '/api/escalation-policy', 'escalationPolicy.read'],
  ['escalation', 'put', '/api/escalation-policy', 'escalationPolicy.update'],
  ['notices', 'get', '/api/notice-settings', 'notices.read'],
  ['notices', 'put', '/api/notice-settings', 'notices.update'],
  ['reports', 'get', '/api/reports/supervision', 'report.supervision'],
  ['reports', 'get', '/api/reports/quarterly', 'report.quarterly'],
  ['reports', 'post', '/api/reports/supervision/send', 'report.send'],
  ['reports', 'post', '/api/reports/quarterly/send', 'report.send'],
  ['reports', 'get', '/api/reports/sends', 'report.sends'],
  ['reports', 'get', '/api/recipients', 'recipients.read'],
  ['reports', 'put', '/api/recipients/{kind}/{email}', 'recipients.update'],
  ['reports', 'delete', '/api/recipients/{kind}/{email}', 'recipients.update'],
  ['reports', 'get', '/api/repeats/candidates', 'repeats.read'],
  ['reports', 'post', '/api/repeats', 'repeats.decide'],
  ['dev', 'post', '/api/dev/clock', 'dev.clock'],
];

export const API_ROUTES: readonly ApiRoute[] = ROWS.map(([group, method, path, action]) => ({
  group,
  method,
  path,
  action,
}));

/** Hono's form of an OpenAPI path: /api/recommendations/{id} → /api/recommendations/:id. */
export const honoPath = (path: string): string => path.replaceAll(/\/{([^/}]+)}/g, '/:$1');
