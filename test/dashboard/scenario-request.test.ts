// GET /_sandbox/scenarios/:name/request: the request that triggers a scenario. Each built-in pay
// scenario's sample is sent exactly as given (unsigned, as its curl would be, in signature mode warn),
// and the request journal says which scenario decided it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLive, type Json, type Live } from './live.ts';

let live: Live;
beforeAll(async () => { live = await startLive(); });
afterAll(async () => { await live?.close(); });

/** Sends a sample as its curl would; a scenario that drops or holds the connection answers nothing. */
async function send(sample: Json): Promise<void> {
  try {
    const res = await fetch(`${live.url}${sample.path as string}`, { method: 'POST', headers: sample.headers, body: JSON.stringify(sample.body), signal: AbortSignal.timeout(3000) });
    await res.arrayBuffer();
  } catch {
    // connection-dropped, connection-hang: the journal still has the call.
  }
}

describe('a scenario\'s sample request', () => {
  it('is decided by that scenario, for every built-in pay scenario a request field reaches, and by the header for the rest', async () => {
    const { body: catalogue } = await live.control('GET', '/scenarios');
    const wrong: string[] = [];
    let byField = 0;
    for (const scenario of catalogue.scenarios as Json[]) {
      if (!scenario.operations.includes('pay')) continue;
      const { status, body: sample } = await live.control('GET', `/scenarios/${scenario.name as string}/request`);
      expect(status).toBe(200);
      expect(sample.curl).toContain(`${live.url}${sample.path as string}`);
      if (sample.trigger !== 'the x-sandbox-scenario header') byField++;
      await send(sample);
      const [last] = (await live.control('GET', '/requests?limit=1')).body.requests as Json[];
      if (last?.scenario !== scenario.name) wrong.push(`${scenario.name as string} (${sample.trigger as string}) was decided by ${last?.scenario as string}`);
    }
    expect(wrong).toEqual([]);
    // Most built-in scenarios have a test card or an amount: the sample uses it rather than the header.
    expect(byField).toBeGreaterThan(50);
  }, 120_000);

  it('names its trigger and carries a fresh paymentRequestId each time; a capture scenario is sent with the header', async () => {
    const card = (await live.control('GET', '/scenarios/DO_NOT_HONOR/request')).body;
    expect(card).toMatchObject({ operation: 'pay', path: '/ams/api/v1/payments/pay', trigger: 'test card 4054692760174822' });
    expect(card.body.paymentMethod.paymentMethodMetaData.cardNo).toBe('4054692760174822');
    const again = (await live.control('GET', '/scenarios/DO_NOT_HONOR/request')).body;
    expect(again.body.paymentRequestId).not.toBe(card.body.paymentRequestId);
    const capture = (await live.control('GET', `/scenarios/capture-declined/request?clientId=${live.merchant.clientId}`)).body;
    expect(capture).toMatchObject({ operation: 'capture', path: '/ams/api/v1/payments/capture', trigger: 'the x-sandbox-scenario header' });
    expect(capture.headers).toMatchObject({ 'x-sandbox-scenario': 'capture-declined', 'client-id': live.merchant.clientId });
    expect((await live.control('GET', '/scenarios/nope/request')).status).toBe(404);
    expect((await live.control('GET', '/scenarios/success/request?clientId=a%20b')).status).toBe(400);
  });
});
