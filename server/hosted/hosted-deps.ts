// What the page handlers need from the sandbox: its store, clock, payment runtime and the pay decision
// (read at call time, because a test may replace SandboxCore.decidePay after start-up).
import type { SandboxCore } from '../sandbox-core.ts';

export type HostedDeps = Pick<SandboxCore, 'store' | 'clock' | 'payments' | 'decidePay' | 'knowsCard' | 'merchantNameOf'> & Partial<Pick<SandboxCore, 'logger'>>;
