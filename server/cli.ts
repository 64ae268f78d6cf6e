// alipay-sandbox: start the sandbox, or talk to a running one through its control plane.
import { Command, InvalidArgumentError, Option } from 'commander';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { clockCommands } from './cli/clock-commands.ts';
import { notificationCommands } from './cli/notification-commands.ts';
import { scenarioCommands } from './cli/scenario-commands.ts';
import { createSandbox } from './create-sandbox.ts';
import type { SandboxOptions } from './options.ts';
import { PACKAGE_VERSION } from './package-root.ts';
import { lowerBackgroundThreads } from './runtime/thread-priority.ts';

const program = new Command('alipay-sandbox')
  .description('A local, offline simulator of Alipay\'s (Antom\'s) card-payment API.')
  .version(PACKAGE_VERSION, '-V, --version', 'print the version')
  .showHelpAfterError();

function portNumber(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('must be a port number from 0 to 65535');
  return n;
}

function positive(value: string): number {
  const n = Number(value);
  if (!(n > 0)) throw new InvalidArgumentError('must be a positive number');
  return n;
}

function wholeNumber(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new InvalidArgumentError('must be a whole number');
  return n;
}

/** Repeated flags add up; the environment variable gives a comma-separated list in one go. */
function collectTlsHosts(value: string, previous: string[]): string[] {
  return [...previous, ...value.split(',').map((name) => name.trim()).filter(Boolean)];
}

function collectMerchant(value: string, previous: string[]): string[] {
  if (!/^[^=]+=.+$/.test(value)) throw new InvalidArgumentError('expected CLIENT_ID=PUBLIC_KEY_FILE');
  return [...previous, value];
}

program.command('start')
  .description('start the sandbox and print its URLs and public key')
  .addOption(new Option('--port <port>', 'HTTP port (0 = pick a free one)').env('PORT').default(8080).argParser(portNumber))
  .addOption(new Option('--host <host>', 'interface to listen on').env('HOST').default('127.0.0.1'))
  .addOption(new Option('--https-port <port>', 'also serve HTTPS (self-signed) on this port').env('HTTPS_PORT').argParser(portNumber))
  .addOption(new Option('--tls-host <name>', 'another DNS name or IP the HTTPS certificate is valid for (repeatable; env TLS_HOSTS, comma-separated)')
    .env('TLS_HOSTS').default([] as string[]).argParser(collectTlsHosts))
  .addOption(new Option('--data <dir>', 'data directory (lowdb files, keys, certificate)').env('SANDBOX_DATA').default('./.alipay-sandbox'))
  .option('--memory', 'keep everything in memory; nothing is written')
  .addOption(new Option('--signature <mode>', 'request signature checks').choices(['enforce', 'warn', 'off']).env('SIGNATURE_MODE').default('warn'))
  .option('--merchant <clientId=publicKeyFile>', 'register a merchant public key (repeatable)', collectMerchant, [])
  .addOption(new Option('--clock <mode>', 'real: time runs (scaled); manual: only /_sandbox/clock/advance moves it').choices(['real', 'manual']).env('SANDBOX_CLOCK').default('real'))
  .addOption(new Option('--time-scale <factor>', 'wall-clock seconds per sandbox second (0.01 = 100x faster)').env('TIME_SCALE').default(1).argParser(positive))
  .addOption(new Option('--public-url <url>', 'base URL written into normalUrl').env('PUBLIC_URL'))
  .option('--remote-control', 'let non-loopback clients use /_sandbox')
  .option('--scenarios <dir>', 'a directory (or file) of scenario files, tried before the built-ins (repeatable)', (value: string, previous: string[]) => [...previous, value], [] as string[])
  .addOption(new Option('--seed <n>', 'seed of the scenario engine\'s random choices').env('SANDBOX_SEED').default(0).argParser(wholeNumber))
  .addOption(new Option('--log-level <level>', 'pino log level').env('LOG_LEVEL').default('info'))
  .action(async (opts: Record<string, unknown>) => {
    const merchants: Record<string, string> = {};
    for (const entry of opts.merchant as string[]) {
      const eq = entry.indexOf('=');
      merchants[entry.slice(0, eq)] = await readFile(resolve(entry.slice(eq + 1)), 'utf8');
    }
    const options: SandboxOptions = {
      port: opts.port as number,
      host: opts.host as string,
      httpsPort: opts.httpsPort as number | undefined,
      tlsHosts: opts.tlsHost as string[],
      dataDir: resolve(opts.data as string),
      memory: opts.memory === true,
      signatureMode: opts.signature as SandboxOptions['signatureMode'],
      merchants,
      clock: opts.clock as SandboxOptions['clock'],
      timeScale: opts.timeScale as number,
      publicUrl: opts.publicUrl as string | undefined,
      remoteControl: opts.remoteControl === true,
      logLevel: opts.logLevel as string,
      scenarioDirs: (opts.scenarios as string[]).map((dir) => resolve(dir)),
      seed: opts.seed as number,
    };
    const sandbox = await createSandbox(options);
    const listening = await sandbox.listen();
    await lowerBackgroundThreads();
    const lines = [
      `alipay-sandbox listening on ${listening.url}`,
      ...(listening.httpsUrl ? [
        `  https:        ${listening.httpsUrl} (self-signed, for ${sandbox.core.tls?.names.join(', ')})`,
        `  certificate:  ${sandbox.core.tls?.certPath ?? 'memory'} (also ${listening.url}/_sandbox/tls/certificate)`,
      ] : []),
      `  merchant API: ${listening.url}/ams/api/v1/payments/pay (also /ams/sandbox/api/v1/... and /v1/...)`,
      `  control:      ${listening.url}/_sandbox/health`,
      `  data:         ${options.memory ? 'memory (nothing is written)' : options.dataDir}`,
      `  signatures:   ${options.signatureMode}; clock: ${options.clock}, time scale ${options.timeScale}`,
      `  scenarios:    ${sandbox.core.scenarios.catalogue.scenarios.size} (${sandbox.core.scenarios.catalogue.userRules.size} rule(s) from --scenarios), seed ${options.seed}`,
      `  sandbox public key (configure it as Alipay's public key):`,
      `  ${sandbox.keys.publicKeyBase64}`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    const shutdown = async () => {
      await listening.close();
      process.exit(0);
    };
    process.once('SIGINT', () => void shutdown());
    process.once('SIGTERM', () => void shutdown());
  });

program.addCommand(notificationCommands());
program.addCommand(clockCommands());
program.addCommand(scenarioCommands());

program.parseAsync().catch((error: unknown) => {
  process.stderr.write(`alipay-sandbox: ${(error as Error).message}\n`);
  process.exit(1);
});
