// What an alert notification says by mail: a subject an on-call person can triage from the inbox
// list, and a plain-text body with every fact of the payload (no HTML: nothing to render, nothing
// remote to load). The Message-ID is derived from the notification id, so a repeated attempt is
// recognisably the same message to mail systems and readers.
import type { NotificationPayload } from '../../notify/notification-payload.ts';

export interface EmailContent {
  subject: string;
  text: string;
  messageId: string;
}

const VERB: Record<NotificationPayload['type'], string> = {
  'alert.opened': 'opened',
  'alert.updated': 'matched again',
  'alert.acknowledged': 'acknowledged',
  'alert.resolved': 'resolved',
  'alert.suppressed': 'suppressed',
  'alert.reopened': 'reopened',
};

export function emailContent(
  p: NotificationPayload,
  messageDomain = 'keywatch.invalid',
): EmailContent {
  const a = p.alert;
  const subject = `[keywatch] ${a.severity.toUpperCase()} alert ${VERB[p.type]}: ${a.rule.title}`;
  const lines = [
    `Alert ${a.id} ${VERB[p.type]} at ${p.time}.`,
    '',
    `Rule:       ${a.rule.title} (${a.rule.id})`,
    `Severity:   ${a.severity}`,
    `Status:     ${a.status}`,
    `Matches:    ${a.count} (first ${a.first_seen}, last ${a.last_seen})`,
    `Log events: ${a.event_indexes.join(', ')}`,
    `Tags:       ${a.tags.join(', ')}`,
    ...(a.suppressed_until ? [`Suppressed until: ${a.suppressed_until}`] : []),
    `By:         ${p.actor.id} (${p.actor.role})`,
    ...(p.comment ? [`Comment:    ${p.comment}`] : []),
    '',
    a.summary,
    '',
    'Fields:',
    JSON.stringify(a.fields, null, 2),
    '',
    `Notification ${p.id}. Verify the events in the audit log: keywatch verify.`,
  ];
  return {
    subject: subject.replace(/[\r\n]+/g, ' '),
    text: lines.join('\n'),
    messageId: `<${p.id}@${messageDomain}>`,
  };
}
