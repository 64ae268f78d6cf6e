// Valid example bodies generated from the request schemas by json-schema-faker, so a user (or the
// property test) always gets a starting point that the validator accepts.
import { generate } from 'json-schema-faker';
import { EXAMPLE_SCHEMAS } from '../../schemas/index.ts';

export type ExampleName = keyof typeof EXAMPLE_SCHEMAS;

export function isExampleName(name: string): name is ExampleName {
  return Object.hasOwn(EXAMPLE_SCHEMAS, name);
}

/** The operation's name is mixed into the seed, so pay-card and pay-hosted with one seed get different request ids. */
function seedFor(name: string, seed: number): number {
  let hash = seed;
  for (let i = 0; i < name.length; i++) hash = (Math.imul(hash, 31) + name.charCodeAt(i)) >>> 0;
  return hash;
}

/** `now` anchors generated times (one hour later), so a fixed seed and time give the same body every time. */
export async function generateExample(name: ExampleName, seed?: number, now: number = Date.now()): Promise<unknown> {
  return generate(EXAMPLE_SCHEMAS[name] as never, {
    seed: seed === undefined ? undefined : seedFor(name, seed),
    formats: {
      'date-time': () => new Date(now + 3600_000).toISOString().replace(/\.\d{3}Z$/, '+00:00'),
      uri: (random) => `https://merchant.example/notify/${Math.floor(random.next() * 1e6)}`,
      'http-url': (random) => `https://merchant.example/notify/${Math.floor(random.next() * 1e6)}`,
      email: () => 'buyer@example.com',
    },
  });
}
