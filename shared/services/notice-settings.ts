/** The unit's e-mail notice settings (which kinds it sends), read by the notice builders and the API. */
import type { Actor } from '../domain/model.js';
import { type NoticeKind, type NoticeSettings, noticeSettings } from '../domain/notifications/settings.js';
import { authorize } from '../domain/permissions.js';
import type { TrackerDeps } from './context.js';

export const NOTICE_SETTING = 'notices';

/** The settings as the API shows them (fresh read). */
export async function readNoticeSettings(
  deps: TrackerDeps,
  unitId: string,
  actor: Actor,
): Promise<NoticeSettings> {
  authorize(actor, 'notices.read');
  return noticeSettings(await deps.units.getSetting<Partial<NoticeSettings>>(unitId, NOTICE_SETTING, true));
}

/** Turns kinds on or off (the others keep their value); recorded in the setting's history. */
export async function updateNoticeSettings(
  deps: TrackerDeps,
  unitId: string,
  actor: Actor,
  changes: Partial<NoticeSettings>,
): Promise<NoticeSettings> {
  authorize(actor, 'notices.update');
  const before = await deps.units.getSetting<Partial<NoticeSettings>>(unitId, NOTICE_SETTING, true);
  const next = noticeSettings({ ...before, ...changes });
  await deps.units.putSetting(unitId, NOTICE_SETTING, next, actor, deps.clock.now(), before ?? null);
  return next;
}

/** Whether the unit sends notices of `kind` (the per-process cache: a change shows within its TTL elsewhere). */
export async function sendsNotice(deps: TrackerDeps, unitId: string, kind: NoticeKind): Promise<boolean> {
  return noticeSettings(await deps.units.cachedSetting<Partial<NoticeSettings>>(unitId, NOTICE_SETTING))[
    kind
  ];
}
