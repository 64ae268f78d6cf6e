// A certification report as JUnit XML, for a CI job to fail on: one testsuite per report, one testcase per
// check; a failed check is a <failure>, a skipped or not observed one <skipped>, an informational one a
// passing testcase with what came back in <system-out>.
import type { CertifyReport } from '../../schemas/control/certify.ts';

/** XML 1.0 text: the five entities escaped, characters XML cannot hold dropped. */
export function xmlText(value: string): string {
  return value
    // eslint-disable-next-line no-control-regex
    .replace(/[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd]/gu, '')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

export function renderJunit(report: CertifyReport): string {
  const suite = `alipay-sandbox certify ${report.kind}`;
  const classname = `certify.${report.kind}.${report.clientId}`;
  const cases = report.checks.map((check) => {
    const evidence = xmlText(JSON.stringify(check.evidence, null, 2));
    const head = `    <testcase classname="${xmlText(classname)}" name="${xmlText(`${check.id}: ${check.name}`)}">`;
    const out = `      <system-out>${xmlText(`${check.verdict}: ${check.detail}\nrule: ${check.rule.text} (${check.rule.url})\n`)}${evidence}</system-out>`;
    if (check.verdict === 'fail') {
      return [head, `      <failure message="${xmlText(check.detail)}" type="${xmlText(check.id)}">${xmlText(`${check.fix ?? ''}\nrule: ${check.rule.url}`)}</failure>`, out, '    </testcase>'].join('\n');
    }
    if (check.verdict === 'skipped' || check.verdict === 'not-observed') {
      return [head, `      <skipped message="${xmlText(`${check.verdict}: ${check.detail}`)}"/>`, out, '    </testcase>'].join('\n');
    }
    return [head, out, '    </testcase>'].join('\n');
  });
  const failures = report.counts.fail;
  const skipped = report.counts.skipped + report.counts['not-observed'];
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xmlText(suite)}" tests="${report.checks.length}" failures="${failures}" errors="0" skipped="${skipped}">`,
    `  <testsuite name="${xmlText(`${suite} (${report.clientId})`)}" id="${xmlText(report.id)}" timestamp="${xmlText(report.createdAt)}" tests="${report.checks.length}" failures="${failures}" errors="0" skipped="${skipped}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
