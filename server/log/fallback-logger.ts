// The logger of parts made without one (a store or a clock a test builds by itself): errors only, to stderr,
// written at once so that a crash right after still shows them. A sandbox hands its own pino logger down.
import { pino, type Logger } from 'pino';

export const fallbackLogger: Logger = pino({ base: undefined, level: 'error' }, pino.destination({ dest: 2, sync: true }));
