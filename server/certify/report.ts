// A certification report from its checks: the counts, and whether the run passed (every graded check
// passed; skipped, not observed and informational checks neither pass nor fail it).
import { randomUUID } from 'node:crypto';
import type { CertifyCheck, CertifyReport } from '../../schemas/control/certify.ts';

export function buildReport(kind: CertifyReport['kind'], clientId: string, now: number, checks: CertifyCheck[], target?: string): CertifyReport {
  const counts = { pass: 0, fail: 0, skipped: 0, 'not-observed': 0, info: 0 };
  for (const check of checks) counts[check.verdict] += 1;
  return {
    id: `cert_${randomUUID()}`,
    kind,
    clientId,
    createdAt: new Date(now).toISOString(),
    ...(target ? { target } : {}),
    passed: checks.every((check) => !check.graded || check.verdict !== 'fail'),
    counts,
    checks,
  };
}
