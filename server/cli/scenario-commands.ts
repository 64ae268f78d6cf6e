// alipay-sandbox scenarios list|show|pin|unpin|pins against a running sandbox's control plane.
import { Command, InvalidArgumentError } from 'commander';
import { callControlPlane, parseDuration, printJson, urlOption } from './control-client.ts';

interface ListedPin { scenario: string; operations?: string[]; clientId: string | null; remaining: number | null; expiresAt: string | null }
interface ListedScenario { name: string; outcome: string; description: string; builtIn: boolean; triggers: { kind: string; label: string }[] }

function count(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a whole number of uses, 1 or more');
  return n;
}

function duration(value: string): number {
  try {
    const ms = parseDuration(value);
    if (ms < 1) throw new Error('too short');
    return ms;
  } catch {
    throw new InvalidArgumentError('must be a duration such as 90s, 30m or 2h');
  }
}

/** One pin as the CLI prints it (the scenario engine has its own wording for a reason). */
export function pinLine(pin: ListedPin): string {
  const operations = pin.operations ?? ['pay'];
  // A pin counts the uses of every operation it decides: "pay(s)" for a pay pin, as most are.
  const unit = operations.length === 1 ? `${operations[0]!}(s)` : 'use(s)';
  const what = operations.length === 1 && operations[0] === 'pay' ? '' : ` (${operations.map((op) => `${op}s`).join(', ')})`;
  const limits = [pin.remaining !== null ? `${pin.remaining} ${unit} left` : undefined, pin.expiresAt ? `until ${pin.expiresAt}` : undefined].filter(Boolean);
  return `${pin.scenario}${what} for ${pin.clientId ?? 'every merchant'}${limits.length ? `, ${limits.join(', ')}` : ', until unpinned'}`;
}

export function scenarioCommands(): Command {
  const scenarios = new Command('scenarios').description('list, pin and unpin the scenarios of a running sandbox');

  scenarios.command('list')
    .description('every scenario: name, outcome and what triggers it')
    .addOption(urlOption())
    .option('--json', 'print JSON')
    .option('--user', 'only the scenarios of --scenarios files')
    .action(async (opts: { url: string; json?: boolean; user?: boolean }) => {
      const answer = (await callControlPlane(opts.url, 'GET', '/scenarios')) as { seed: number; pins: ListedPin[]; scenarios: ListedScenario[] };
      const shown = answer.scenarios.filter((s) => !opts.user || !s.builtIn);
      if (opts.json) return printJson({ ...answer, scenarios: shown });
      const width = Math.max(...shown.map((s) => s.name.length), 4);
      for (const s of shown) {
        const triggers = s.triggers.length ? `  [${s.triggers.map((t) => t.label).slice(0, 3).join('; ')}${s.triggers.length > 3 ? `; +${s.triggers.length - 3} more` : ''}]` : '';
        process.stdout.write(`${s.name.padEnd(width)}  ${s.outcome}${triggers}\n`);
      }
      process.stdout.write(`${shown.length} scenario(s); seed ${answer.seed}\n`);
      for (const pin of answer.pins) process.stdout.write(`pinned: ${pinLine(pin)}\n`);
    });

  scenarios.command('show <name>')
    .description('one scenario with its definition and every trigger')
    .addOption(urlOption())
    .action(async (name: string, opts: { url: string }) => printJson(await callControlPlane(opts.url, 'GET', `/scenarios/${encodeURIComponent(name)}`)));

  scenarios.command('pin <name>')
    .description('make every pay, capture or refund the scenario has an outcome for answer with it, for a number of uses and/or a while of sandbox time')
    .addOption(urlOption())
    .option('--count <n>', 'only the next N uses (pays, captures or refunds it decides)', count)
    .option('--for <duration>', 'only for this long on the sandbox clock, e.g. 30m', duration)
    .option('--client-id <id>', 'only this merchant\'s calls')
    .action(async (name: string, opts: { url: string; count?: number; for?: number; clientId?: string }) => {
      const answer = (await callControlPlane(opts.url, 'POST', '/scenarios/pin', {
        scenario: name, count: opts.count, durationMs: opts.for, clientId: opts.clientId,
      })) as { pin: ListedPin };
      process.stdout.write(`pinned: ${pinLine(answer.pin)}\n`);
    });

  scenarios.command('unpin')
    .description('remove the pins (every pin, or one merchant\'s)')
    .addOption(urlOption())
    .option('--client-id <id>', 'only this merchant\'s pin')
    .action(async (opts: { url: string; clientId?: string }) => {
      const query = opts.clientId ? `?clientId=${encodeURIComponent(opts.clientId)}` : '';
      const answer = (await callControlPlane(opts.url, 'DELETE', `/scenarios/pin${query}`)) as { removed: ListedPin[] };
      if (answer.removed.length === 0) process.stdout.write('nothing was pinned\n');
      for (const pin of answer.removed) process.stdout.write(`unpinned: ${pinLine(pin)}\n`);
    });

  scenarios.command('pins')
    .description('the pins in force')
    .addOption(urlOption())
    .action(async (opts: { url: string }) => {
      const answer = (await callControlPlane(opts.url, 'GET', '/scenarios/pins')) as { pins: ListedPin[] };
      if (answer.pins.length === 0) process.stdout.write('nothing is pinned\n');
      for (const pin of answer.pins) process.stdout.write(`${pinLine(pin)}\n`);
    });

  return scenarios;
}
