/**
 * SES bounce and complaint events for report emails. Kept apart from report-service.ts so that the
 * ses-events function bundles only the table access it needs (no spreadsheet or MIME libraries).
 */
import { ReportStore } from '../adapters/dynamodb/report-store.js';
import type { TrackerDeps } from './context.js';

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

interface SesNotification {
  notificationType?: string;
  eventType?: string;
  mail?: { messageId?: string; timestamp?: string };
  bounce?: {
    bounceType?: string;
    bounceSubType?: string;
    timestamp?: string;
    bouncedRecipients?: { emailAddress?: string; diagnosticCode?: string }[];
  };
  complaint?: {
    timestamp?: string;
    complaintFeedbackType?: string;
    complainedRecipients?: { emailAddress?: string }[];
  };
}

export interface MailEventResult {
  type: string;
  messageId: string | null;
  unitId: string | null;
  marked: string[];
}

/**
 * A bounce or complaint reported by SES (through SNS) for a report email: marks the recipients so the
 * admin sees them, and later sends leave them out. Transient bounces only note the problem.
 */
export async function recordMailEvent(
  deps: Pick<TrackerDeps, 'table'>,
  notification: SesNotification,
): Promise<MailEventResult> {
  const type = notification.notificationType ?? notification.eventType ?? 'unknown';
  const messageId = notification.mail?.messageId ?? null;
  const result: MailEventResult = { type, messageId, unitId: null, marked: [] };
  if ((type !== 'Bounce' && type !== 'Complaint') || !messageId) return result;
  const store = new ReportStore(deps.table);
  const owner = await store.messageOwner(messageId);
  if (!owner) return result; // not a report email (e.g. an escalation notice)
  result.unitId = owner.unitId;
  const marks =
    type === 'Bounce'
      ? (notification.bounce?.bouncedRecipients ?? []).map((r) => ({
          email: r.emailAddress,
          status:
            notification.bounce?.bounceType === 'Permanent' ? ('bounced' as const) : ('active' as const),
          detail:
            [notification.bounce?.bounceType, notification.bounce?.bounceSubType, r.diagnosticCode]
              .filter(Boolean)
              .join(' — ') || null,
          at: notification.bounce?.timestamp,
        }))
      : (notification.complaint?.complainedRecipients ?? []).map((r) => ({
          email: r.emailAddress,
          status: 'complained' as const,
          detail: notification.complaint?.complaintFeedbackType ?? null,
          at: notification.complaint?.timestamp,
        }));
  for (const mark of marks) {
    if (!mark.email) continue;
    const email = normalizeEmail(mark.email.replace(/^.*<([^>]+)>.*$/, '$1'));
    const at = mark.at ?? notification.mail?.timestamp ?? new Date().toISOString();
    if (await store.markRecipient(owner.unitId, owner.kind, email, mark.status, mark.detail, at))
      result.marked.push(email);
  }
  return result;
}
