// Sends exactly the bytes a test gives over a real socket, for requests no well-behaved client would
// make (absolute-form targets, broken encodings, lying Content-Length).
import { connect } from 'node:net';

export interface RawResponse {
  status: number;
  /** Header names lower-cased; `head` keeps them as sent. */
  headers: Record<string, string>;
  head: string;
  body: string;
}

export function rawRequest(port: number, head: string, body: Buffer | string = ''): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.setTimeout(10_000, () => socket.destroy(new Error('raw request timed out')));
    socket.on('data', (chunk) => {
      chunks.push(chunk);
      const text = Buffer.concat(chunks).toString('utf8');
      const end = text.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = Number(/content-length: (\d+)/i.exec(text.slice(0, end))?.[1] ?? NaN);
      if (Buffer.byteLength(text.slice(end + 4)) >= length) socket.end();
    });
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const end = text.indexOf('\r\n\r\n');
      const [statusLine = '', ...lines] = text.slice(0, end).split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(':');
        headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
      }
      resolve({ status: Number(statusLine.split(' ')[1]), headers, head: text.slice(0, end), body: text.slice(end + 4) });
    });
    socket.write(head);
    socket.write(body);
  });
}
