// Scenario files' problems are values: the reader and the compiler return them, each with its place
// (file:line) and its text, every one in the order the files define things; only start-up turns them into
// the ScenarioFileError createSandbox() rejects with, naming the first.
import { describe, expect, it } from 'vitest';
import { compileCatalogue } from '../../server/scenario/compile-catalogue.ts';
import { parseScenarioText, type ScenarioSource } from '../../server/scenario/load-scenario-files.ts';
import { isScenarioProblems, ScenarioFileError } from '../../server/scenario/scenario-problems.ts';

const TWO_PROBLEMS = [
  'scenarios:',
  '  - name: a',
  '    description: d',
  '    outcome: { status: S, code: DO_NOT_HONOR }',
  'rules:',
  '  - when: { clientId: X }',
  '    scenario: nowhere',
  '',
].join('\n');

describe('scenario file problems', () => {
  it('a file that is not YAML is returned as its problem, with the line', () => {
    expect(parseScenarioText('rules: [\n', 'broken.yaml', false)).toEqual({
      problems: [{ where: expect.stringMatching(/^broken\.yaml:\d+$/), text: expect.stringMatching(/^not valid YAML or JSON: /) }],
    });
  });

  it('the compiler returns every problem, in file order, each with file:line', () => {
    const source = parseScenarioText(TWO_PROBLEMS, 'two.yaml', false) as ScenarioSource;
    expect(isScenarioProblems(source)).toBe(false);
    expect(compileCatalogue([], [source])).toEqual({
      problems: [
        { where: 'two.yaml:4', text: 'scenarios[0].outcome.code must be SUCCESS (or left out) when status is S' },
        { where: 'two.yaml:7', text: 'rules[0].scenario names no scenario: "nowhere" (see GET /_sandbox/scenarios for the known names)' },
      ],
    });
  });

  it('as a start-up error, names the first', () => {
    const error = new ScenarioFileError([{ where: 'a.yaml:1', text: 'first' }, { where: 'a.yaml:2', text: 'second' }]);
    expect([error.name, error.message, error.problems.length]).toEqual(['ScenarioFileError', 'a.yaml:1: first', 2]);
  });
});
