// alipay-sandbox clock show|advance, against a running sandbox.
import { Command } from 'commander';
import { callControlPlane, parseDuration, printJson, urlOption } from './control-client.ts';

export function clockCommands(): Command {
  const clock = new Command('clock').description('read or move the sandbox clock of a running sandbox');
  clock.command('show').addOption(urlOption()).action(async (opts: { url: string }) => printJson(await callControlPlane(opts.url, 'GET', '/clock')));
  clock.command('advance <duration>')
    .description('move sandbox time forward (e.g. 2m, 15h); everything due fires before it returns')
    .addOption(urlOption())
    .action(async (duration: string, opts: { url: string }) => printJson(await callControlPlane(opts.url, 'POST', '/clock/advance', { ms: parseDuration(duration) })));
  return clock;
}
