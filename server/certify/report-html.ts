// A certification report as one self-contained HTML page (inline style, no script, nothing fetched):
// written next to the JSON and JUnit forms, and served to the dashboard's "open as HTML" link.
import type { CertifyReport } from '../../schemas/control/certify.ts';

const escape = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The page's own policy: its inline style and nothing else. */
export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

const STYLE = `
body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1b1f24}
h1{font-size:1.4rem}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #d0d7de;padding:.4rem;text-align:left;vertical-align:top}
.pass{color:#116329}.fail{color:#a40e26}.skipped,.not-observed{color:#6e5900}.info{color:#0a3069}
.verdict{font-weight:700;text-transform:uppercase;white-space:nowrap}pre{white-space:pre-wrap;word-break:break-all;background:#f6f8fa;padding:.5rem;font-size:12px}
summary{cursor:pointer}.banner{padding:.6rem 1rem;border-radius:6px;font-weight:700}.banner.pass{background:#dafbe1}.banner.fail{background:#ffebe9}`;

export function renderHtml(report: CertifyReport): string {
  const rows = report.checks.map((check) => `
<tr>
  <td class="verdict ${check.verdict}">${escape(check.verdict)}${check.graded ? '' : ' (not graded)'}</td>
  <td><strong>${escape(check.name)}</strong><br>${escape(check.detail)}
  ${check.fix ? `<br><em>How to fix:</em> ${escape(check.fix)}` : ''}
  <br><small>Rule: <a href="${escape(check.rule.url)}">${escape(check.rule.text)}</a></small>
  <details><summary>Evidence</summary><pre>${escape(JSON.stringify(check.evidence, null, 2))}</pre></details></td>
</tr>`).join('');
  const c = report.counts;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Certification (${escape(report.kind)}) ${escape(report.clientId)}: ${report.passed ? 'passed' : 'failed'}</title>
<style>${STYLE}</style></head>
<body>
<h1>alipay-sandbox certification: ${escape(report.kind)}</h1>
<p class="banner ${report.passed ? 'pass' : 'fail'}">${report.passed ? 'Passed: every graded check passed.' : 'Failed: at least one graded check failed.'}</p>
<p>Merchant <code>${escape(report.clientId)}</code>${report.target ? `, notify URL <code>${escape(report.target)}</code>` : ''}; report <code>${escape(report.id)}</code>, ${escape(report.createdAt)} (sandbox time).<br>
${c.pass} passed, ${c.fail} failed, ${c.skipped} skipped, ${c['not-observed']} not observed, ${c.info} informational.</p>
<table><thead><tr><th>Verdict</th><th>Check</th></tr></thead><tbody>${rows}
</tbody></table>
</body></html>
`;
}
