// The control plane (and the dashboard under /_sandbox) is for the developer at this machine, not for a
// web page the developer happens to visit. A browser lets any page send requests to 127.0.0.1, so three
// checks stand between a page and the sandbox's state:
//  - Host must name this sandbox: localhost, a loopback address, one of this machine's own addresses,
//    the listen address, --public-url's host or a --tls-host name. A page that rebinds its own DNS name
//    to 127.0.0.1 (DNS rebinding) still sends its own name as Host, and is refused.
//  - Origin, when a browser sends one, must be the sandbox's own (same host and port as Host): a page
//    elsewhere cannot call it, even with a request the browser does not preflight.
//  - A change (any method but GET, HEAD, OPTIONS) must be JSON (Content-Type application/json or
//    +json) or carry an X-Sandbox-Control header: neither can be sent cross-site without a CORS
//    preflight, which the sandbox never grants, so no "simple" form or text/plain POST gets through even
//    from a client that sends no Origin.
// The card page's own JSON routes keep their own Origin check (page-routes.ts).
import type { IncomingHttpHeaders } from 'node:http';
import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';

export interface LocalOnlyOptions { host: string; publicUrl?: string; tlsHosts?: readonly string[] }

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
export const CONTROL_HEADER = 'x-sandbox-control';

/** The host name of a Host header or an origin's host, lower case, IPv6 without brackets; undefined when unreadable. */
function hostnameOf(host: string): string | undefined {
  try {
    return new URL(`http://${host}`).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  } catch {
    return undefined;
  }
}

/** 127.0.0.0/8, ::1, and IPv4-mapped loopback (which URL writes as ::ffff:7f..). */
const isLoopback = (name: string) => /^127\.\d+\.\d+\.\d+$/.test(name) || name === '::1' || /^::ffff:(127\.|7f[0-9a-f]{2}:)/.test(name);

/** The names a Host header may carry. A wildcard listen address is no name; this machine's own addresses are. */
export function allowedHostNames(options: LocalOnlyOptions): Set<string> {
  const names = new Set(['localhost', ...(options.tlsHosts ?? []).map((n) => n.toLowerCase())]);
  if (options.host !== '0.0.0.0' && options.host !== '::') names.add(options.host.toLowerCase());
  if (options.publicUrl) names.add(new URL(options.publicUrl).hostname.replace(/^\[|\]$/g, '').toLowerCase());
  for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) names.add(a.address.toLowerCase());
  return names;
}

/** Why a request may not use the control plane, or undefined when it may. */
export function refuseNonLocal(method: string, headers: IncomingHttpHeaders, allowed: ReadonlySet<string>): string | undefined {
  const host = headers.host ?? '';
  const name = hostnameOf(host);
  if (!name || !(allowed.has(name) || (isIP(name) !== 0 && isLoopback(name)))) {
    return `the control plane answers only requests addressed to this sandbox: Host ${JSON.stringify(host)} is not localhost, a loopback address, this machine's address, the listen address or --public-url's host`;
  }
  const origin = headers.origin;
  if (origin !== undefined && (origin === 'null' || !URL.canParse(origin) || new URL(origin).host !== host.toLowerCase())) {
    return `the control plane answers only the sandbox's own pages, not a page from ${origin}`;
  }
  if (SAFE_METHODS.has(method)) return undefined;
  const type = (headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json' || type.endsWith('+json') || headers[CONTROL_HEADER] !== undefined) return undefined;
  return `a control-plane change must be sent as JSON (Content-Type: application/json) or with an ${CONTROL_HEADER.replace(/(^|-)\w/g, (c) => c.toUpperCase())} header`;
}
