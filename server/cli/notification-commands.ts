// alipay-sandbox notifications list|show|resend, against a running sandbox.
import { Command } from 'commander';
import { callControlPlane, printJson, urlOption } from './control-client.ts';

interface ListedNotification { id: string; notifyType: string; paymentId: string; status: string; attemptCount: number; url?: string; nextAttemptAt?: number }

export function notificationCommands(): Command {
  const notifications = new Command('notifications').description('inspect and re-send notifications of a running sandbox');

  notifications.command('list')
    .description('notifications, newest first')
    .addOption(urlOption())
    .option('--payment-id <id>', 'only this payment\'s')
    .option('--status <status>', 'pending | delivered | given-up')
    .option('--json', 'print JSON')
    .action(async (opts: { url: string; paymentId?: string; status?: string; json?: boolean }) => {
      const query = new URLSearchParams();
      if (opts.paymentId) query.set('paymentId', opts.paymentId);
      if (opts.status) query.set('status', opts.status);
      const answer = (await callControlPlane(opts.url, 'GET', `/notifications?${query}`)) as { total: number; notifications: ListedNotification[] };
      if (opts.json) return printJson(answer);
      for (const n of answer.notifications) {
        const next = n.nextAttemptAt ? ` next ${new Date(n.nextAttemptAt).toISOString()}` : '';
        process.stdout.write(`${n.id}  ${n.notifyType.padEnd(14)} ${n.status.padEnd(9)} attempts ${n.attemptCount}  payment ${n.paymentId}  ${n.url ?? '-'}${next}\n`);
      }
      process.stdout.write(`${answer.total} notification(s)\n`);
    });

  notifications.command('show <id>')
    .description('one notification with every attempt')
    .addOption(urlOption())
    .action(async (id: string, opts: { url: string }) => printJson(await callControlPlane(opts.url, 'GET', `/notifications/${encodeURIComponent(id)}`)));

  notifications.command('resend <id>')
    .description('send a notification again now, as a new attempt')
    .addOption(urlOption())
    .action(async (id: string, opts: { url: string }) => {
      const answer = (await callControlPlane(opts.url, 'POST', `/notifications/${encodeURIComponent(id)}/resend`)) as { notification: { attempts: { delivered: boolean; error?: string }[] } };
      const last = answer.notification.attempts.at(-1);
      process.stdout.write(last?.delivered ? 'delivered\n' : `not delivered: ${last?.error ?? 'unknown'}\n`);
    });

  return notifications;
}
