// How each official Antom SDK writes a request on the wire (header names and case, Request-Time form,
// body layout, request target), for tests that replay an SDK's request byte for byte. Read from the
// SDKs' sources; see docs/sdk-setup.md.
export interface SdkShape {
  sdk: string;
  /** The private-key form the SDK parses. */
  keyForm: 'pkcs8' | 'pkcs1';
  time: string;
  body: (json: object) => string;
  /** Header lines as the SDK writes them, signature last. */
  headers: (time: string, signatureHeader: string) => string[];
  target?: (port: number) => string;
}

const compact = (json: object) => JSON.stringify(json);

export function sdkShapes(clientId: string, path: string): SdkShape[] {
  return [
    { sdk: 'Java', keyForm: 'pkcs8', time: '1795000000000', body: compact,
      headers: (time, sig) => ['Content-Type: application/json; charset=UTF-8', `Request-Time: ${time}`, `client-id: ${clientId}`, `Signature: ${sig}`] },
    { sdk: 'Python', keyForm: 'pkcs1', time: '2026-11-28T23:19:49+00:00', body: (json) => JSON.stringify(json, null, 3),
      headers: (time, sig) => ['Content-type: application/json; charset=UTF-8', 'Cache-Control: no-cache', `Request-Time: ${time}`, `client-id: ${clientId}`, `Signature: ${sig}`],
      // http.client is handed the absolute URL, so the request line carries it.
      target: (port) => `http://127.0.0.1:${port}${path}` },
    { sdk: 'PHP', keyForm: 'pkcs1', time: '2026-11-28T23:19:49+0000', body: (json) => JSON.stringify(json).replaceAll('/', '\\/'),
      headers: (time, sig) => ['Content-Type:application/json; charset=UTF-8', `Request-Time:${time}`, `client-id:${clientId}`, `Signature:${sig}`] },
    { sdk: 'Go', keyForm: 'pkcs8', time: '1795000000000', body: compact,
      headers: (time, sig) => ['Content-Type: application/json', 'Content-Type: application/json; charset=UTF-8', `Request-Time: ${time}`, `Client-Id: ${clientId}`, 'Key-Version: 1', 'Agent-Token: ', `Signature: ${sig}`] },
    { sdk: '.NET', keyForm: 'pkcs8', time: '2026-11-28T23:19:49.1234567Z', body: compact,
      headers: (time, sig) => [`client-id: ${clientId}`, `signature: ${sig}`, `request-time: ${time}`, 'Content-Type: application/json; charset=UTF-8'] },
  ];
}

/** The request head an SDK writes for a signed POST to `path` (its request target, its headers, a closed connection). */
export function requestHead(shape: SdkShape, port: number, path: string, encodedSignature: string, body: string): string {
  return [
    `POST ${shape.target?.(port) ?? path} HTTP/1.1`, `Host: 127.0.0.1:${port}`,
    ...shape.headers(shape.time, `algorithm=RSA256,keyVersion=1,signature=${encodedSignature}`),
    `Content-Length: ${Buffer.byteLength(body)}`, 'Connection: close', '', '',
  ].join('\r\n');
}
