/** Which e-mail notices a unit sends; each kind can be turned off by the unit (a unit setting). */

export const NOTICE_KINDS = ['assignment', 'reopened', 'dueDateChanged', 'reviewDigest'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

export type NoticeSettings = Record<NoticeKind, boolean>;

/** Every kind is on until the unit turns it off. */
export const DEFAULT_NOTICE_SETTINGS: NoticeSettings = {
  assignment: true,
  reopened: true,
  dueDateChanged: true,
  reviewDigest: true,
};

export const NOTICE_LABELS: Record<NoticeKind, string> = {
  assignment: 'Báo đơn vị khi được giao kiến nghị (chủ trì hoặc phối hợp), một thư cho mỗi lần giao',
  reopened: 'Báo đơn vị chủ trì ngay khi MTTQ mở lại kiến nghị',
  dueDateChanged: 'Báo đơn vị chủ trì ngay khi hạn xử lý thay đổi',
  reviewDigest: 'Gửi MTTQ một thư tổng hợp lúc 16:30 mỗi ngày làm việc về các trả lời mới chờ xem xét',
};

/** The unit's stored settings over the defaults (a kind added later is on). */
export function noticeSettings(stored: Partial<NoticeSettings> | undefined): NoticeSettings {
  return { ...DEFAULT_NOTICE_SETTINGS, ...stored };
}
