// The built-in catalogue is read at start-up without its schema check and with the plain YAML reader
// (parseBuiltInText), because the check and the line-numbered reader cost a first sandbox most of its
// start-up. That is safe only while every built-in file passes the check and both readers give the same
// content: this is where that is proved, file by file, as the package ships them.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { parseBuiltInText, parseScenarioText, type ScenarioSource } from '../../server/scenario/load-scenario-files.ts';
import { isScenarioProblems } from '../../server/scenario/scenario-problems.ts';
import { BUILT_IN_DIR } from '../../server/scenario/scenario-engine.ts';

/** The line-numbered, schema-checked reading of a file; a problem fails the test with its place and text. */
function checkedSource(text: string, file: string): ScenarioSource {
  const read = parseScenarioText(text, file, true);
  if (isScenarioProblems(read)) throw new Error(read.problems.map((p) => `${p.where}: ${p.text}`).join('\n'));
  return read;
}

const files = (await readdir(BUILT_IN_DIR)).filter((name) => /\.(ya?ml|json)$/.test(name)).sort();

describe('the built-in scenario files', () => {
  it('are there', () => {
    expect(files.length).toBeGreaterThan(3);
  });

  it.each(files)('%s passes the scenario file schema and reads the same with both readers', async (name) => {
    const text = await readFile(join(BUILT_IN_DIR, name), 'utf8');
    // Fails naming the file, line and rule if the schema refuses it.
    const checked = checkedSource(text, `scenarios/${name}`);
    const fast = parseBuiltInText(text, `scenarios/${name}`);
    expect(fast.content).toEqual(checked.content);
    expect(fast.builtIn).toBe(true);
  });

  it('reads YAML scalars as the checked reader does (YAML 1.2 core: no dates, no yes/no booleans, no octal 0-prefix)', () => {
    const text = 'a: 2026-01-01\nb: yes\nc: 0123\nd: 0o17\ne: "05"\nf: ~\ng: 1e3\nh: .inf\ni: [1, "x", true]\n';
    const checkedReader = parseDocument(text, { uniqueKeys: true }).toJS();
    expect(parseBuiltInText(text, 'x.yaml').content).toEqual(checkedReader);
    expect(checkedReader).toMatchObject({ a: '2026-01-01', b: 'yes', c: 123, d: 15, e: '05', f: null });
  });

  it.each(files)('%s: the lines found for its entries are those of the line-numbered reader', async (name) => {
    const text = await readFile(join(BUILT_IN_DIR, name), 'utf8');
    const fast = parseBuiltInText(text, `scenarios/${name}`);
    const checked = checkedSource(text, `scenarios/${name}`);
    let compared = 0;
    for (const [section, entries] of Object.entries(checked.content)) {
      if (!Array.isArray(entries)) continue;
      entries.forEach((_entry, i) => {
        expect(fast.where([section, i])).toBe(checked.where([section, i]));
        compared++;
      });
    }
    expect(compared).toBeGreaterThan(0);
    // Deeper paths (a message about one field) go to the line-numbered reader.
    const [section] = Object.keys(checked.content).filter((key) => Array.isArray((checked.content as Record<string, unknown>)[key]));
    expect(fast.where([section!, 0, 'name'])).toBe(checked.where([section!, 0, 'name']));
  });

  it('finds the items of block sequences, not of the sequences inside them', () => {
    const text = 'description: x\n\nrules:\n  # a comment\n  - name: a\n    when: { binPrefix: [4] }\n    list:\n      - nested\n  - { name: b }\nscenarios:\n- name: c\n';
    const fast = parseBuiltInText(text, 'x.yaml');
    expect([fast.where(['rules', 0]), fast.where(['rules', 1]), fast.where(['scenarios', 0])]).toEqual(['x.yaml:5', 'x.yaml:9', 'x.yaml:11']);
  });
});
