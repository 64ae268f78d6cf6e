// alipay-sandbox: start the sandbox, or talk to a running one through its control plane.
import ms from 'ms';
import { Command, InvalidArgumentError, Option } from 'commander';
import { resolve } from 'node:path';
import { certifyCommands } from './certify-commands.ts';
import { clockCommands } from './clock-commands.ts';
import { notificationCommands } from './notification-commands.ts';
import { scenarioCommands } from './scenario-commands.ts';
import { readMerchantKeys, readMerchantNames, readSandboxPrivateKey } from './start-keys.ts';
import { createSandbox } from '../create-sandbox.ts';
import { MIN_RETAIN_EVERY_MS, type SandboxOptions } from '../options.ts';
import { PACKAGE_VERSION } from '../package-root.ts';
import { lowerBackgroundThreads } from './thread-priority.ts';
import { LOG_LEVELS } from '../log/logger.ts';

// `alipay-sandbox notifications list | head -5`: once the reader has gone, the command is done; a closed
// pipe ends it quietly instead of with an EPIPE stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

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

function positiveWhole(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('must be a whole number above 0');
  return n;
}

function wholeNumber(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new InvalidArgumentError('must be a whole number');
  return n;
}

/** A duration such as 7d, 12h or 90m (ms package); a bare number is milliseconds, 0 turns the limit off. */
function duration(value: string): number {
  const n = /^\d+$/.test(value.trim()) ? Number(value) : ms(value.trim() as ms.StringValue);
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError('must be a duration such as 7d, 12h or 90m (0 keeps everything)');
  return n;
}

/** A wall-clock interval such as 30s or 5m (ms package), or milliseconds; never shorter than MIN_RETAIN_EVERY_MS. */
function interval(value: string): number {
  const n = /^\d+$/.test(value.trim()) ? Number(value) : ms(value.trim() as ms.StringValue);
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < MIN_RETAIN_EVERY_MS) {
    throw new InvalidArgumentError(`must be a duration such as 30s or 5m, or milliseconds, of at least ${MIN_RETAIN_EVERY_MS} ms`);
  }
  return n;
}

/** Repeated flags add up; the environment variable gives a comma-separated list in one go. */
function collectTlsHosts(value: string, previous: string[]): string[] {
  return [...previous, ...value.split(',').map((name) => name.trim()).filter(Boolean)];
}

function collect(value: string, previous: string[]): string[] {
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
  .option('--repair', 'start although a data file is damaged: move it aside (kept) and start with what is intact, logging what was dropped')
  .addOption(new Option('--signature <mode>', 'request signature checks').choices(['enforce', 'warn', 'off']).env('SIGNATURE_MODE').default('warn'))
  .option('--merchant <clientId=key>', 'register a merchant public key: PEM, bare base64 or a file, optionally followed by ,name=DISPLAY NAME (repeatable; env SANDBOX_MERCHANTS: ID=KEY,... or a JSON object)', collect, [])
  .option('--merchant-name <clientId=name>', 'the name a merchant\'s buyers see on the hosted pages (repeatable; env SANDBOX_MERCHANT_NAME: ID=NAME,... or a JSON object)', collect, [])
  .option('--private-key <file>', 'the sandbox\'s own private key (PEM or base64, PKCS#1 or PKCS#8; env SANDBOX_PRIVATE_KEY: the key or a file), instead of the one kept in the data directory')
  .addOption(new Option('--clock <mode>', 'real: time runs (scaled); manual: only /_sandbox/clock/advance moves it').choices(['real', 'manual']).env('SANDBOX_CLOCK').default('real'))
  .addOption(new Option('--time-scale <factor>', 'wall-clock seconds per sandbox second (0.01 = 100x faster)').env('TIME_SCALE').default(1).argParser(positive))
  .addOption(new Option('--public-url <url>', 'base URL written into normalUrl').env('PUBLIC_URL'))
  .option('--remote-control', 'let non-loopback clients use /_sandbox')
  .addOption(new Option('--notify-timeout <ms>', 'how long a merchant has to answer a notification attempt').env('NOTIFY_TIMEOUT_MS').default(5000).argParser(positiveWhole))
  .addOption(new Option('--notify-slots <n>', 'notification attempts in flight at once per merchant origin').env('NOTIFY_SLOTS').default(4).argParser(positiveWhole))
  .option('--scenarios <dir>', 'a directory (or file) of scenario files, tried before the built-ins (repeatable)', (value: string, previous: string[]) => [...previous, value], [] as string[])
  .addOption(new Option('--seed <n>', 'seed of the scenario engine\'s random choices').env('SANDBOX_SEED').default(0).argParser(wholeNumber))
  .addOption(new Option('--journal-size <n>', 'how many merchant API calls the request journal keeps (memory only)').env('JOURNAL_SIZE').default(10_000).argParser(wholeNumber))
  .addOption(new Option('--retain <duration>', 'drop payments older than this (sandbox time; 7d, 12h, 0 = keep all), never one with work pending; default 7d with a data directory, off with --memory').env('SANDBOX_RETAIN').argParser(duration))
  .addOption(new Option('--retain-max <n>', 'keep at most this many payments, the newest (0 = no limit)').env('SANDBOX_RETAIN_MAX').argParser(wholeNumber))
  .addOption(new Option('--retain-every <duration>', `how often (wall clock) to look for payments to drop when the last look found none (30s, 5m, or milliseconds; at least ${MIN_RETAIN_EVERY_MS} ms); default 1m`).env('SANDBOX_RETAIN_EVERY').argParser(interval))
  .addOption(new Option('--log-level <level>', 'log level').choices(LOG_LEVELS).env('LOG_LEVEL').default('info'))
  .addOption(new Option('--log-format <format>', 'pretty: a line per call and notification attempt; json: pino JSON lines (the default when stdout is not a terminal)')
    .choices(['pretty', 'json']).env('LOG_FORMAT').default(process.stdout.isTTY ? 'pretty' : 'json'))
  .action(async (opts: Record<string, unknown>) => {
    const names = readMerchantNames(opts.merchantName as string[], process.env.SANDBOX_MERCHANT_NAME);
    const merchants = await readMerchantKeys(opts.merchant as string[], process.env.SANDBOX_MERCHANTS, names);
    const privateKey = await readSandboxPrivateKey(opts.privateKey as string | undefined, process.env.SANDBOX_PRIVATE_KEY);
    const options: SandboxOptions = {
      port: opts.port as number,
      host: opts.host as string,
      httpsPort: opts.httpsPort as number | undefined,
      tlsHosts: opts.tlsHost as string[],
      dataDir: resolve(opts.data as string),
      memory: opts.memory === true,
      repair: opts.repair === true,
      signatureMode: opts.signature as SandboxOptions['signatureMode'],
      merchants: merchants.keys,
      merchantNames: merchants.names,
      privateKey,
      clock: opts.clock as SandboxOptions['clock'],
      timeScale: opts.timeScale as number,
      publicUrl: opts.publicUrl as string | undefined,
      remoteControl: opts.remoteControl === true,
      notifyTimeoutMs: opts.notifyTimeout as number,
      notifyConcurrency: opts.notifySlots as number,
      logLevel: opts.logLevel as string,
      logFormat: opts.logFormat as SandboxOptions['logFormat'],
      scenarioDirs: (opts.scenarios as string[]).map((dir) => resolve(dir)),
      seed: opts.seed as number,
      journalSize: opts.journalSize as number,
      retainMs: opts.retain as number | undefined,
      retainMaxPayments: opts.retainMax as number | undefined,
      retainEveryMs: opts.retainEvery as number | undefined,
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
      `  dashboard:    ${listening.url}/_sandbox/ui/ (API reference: ${listening.url}/_sandbox/reference)`,
      `  control:      ${listening.url}/_sandbox/health`,
      `  data:         ${options.memory ? 'memory (nothing is written)' : options.dataDir}${sandbox.store.created ? ' (new: made now, with a new key pair)' : ''}`,
      `  signatures:   ${options.signatureMode}; clock: ${options.clock}, time scale ${options.timeScale}`,
      `  scenarios:    ${sandbox.core.scenarios.catalogue.scenarios.size} (${sandbox.core.scenarios.catalogue.userRules.size} rule(s) from --scenarios), seed ${options.seed}`,
      `  sandbox public key (configure it as Alipay's public key):`,
      `  ${sandbox.keys.publicKeyBase64}`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    const shutdown = async () => {
      try {
        await listening.close();
      } catch (error) {
        // What could not be saved is already said; the process must still end with a message, not a trace.
        process.stderr.write(`alipay-sandbox: closing the data directory failed: ${(error as Error).message}\n`);
        process.exit(1);
      }
      process.exit(0);
    };
    process.once('SIGINT', () => void shutdown());
    process.once('SIGTERM', () => void shutdown());
  });

program.addCommand(notificationCommands());
program.addCommand(clockCommands());
program.addCommand(scenarioCommands());
program.addCommand(certifyCommands());

/** A failure to start, in words a user can act on: a busy port gets the way out. */
function describeFailure(error: Error & { code?: string; port?: number }): string {
  if (error.code === 'EADDRINUSE') return `port ${error.port ?? ''} is already in use (another sandbox?); choose another with --port N, or --port 0 for a free one`;
  if (error.code === 'EACCES' && error.port !== undefined) return `port ${error.port} needs more privileges than this user has; choose a port above 1023 with --port`;
  return error.message;
}

program.parseAsync().catch((error: unknown) => {
  process.stderr.write(`alipay-sandbox: ${describeFailure(error as Error)}\n`);
  process.exit(1);
});
