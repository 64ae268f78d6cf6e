// What is wrong with scenario files, as values: each problem with its place (file:line) and its text, like a
// schema error. The loader and the compiler return them; the one caller that starts a sandbox (or writes
// the docs) turns them into a ScenarioFileError. Messages name the first problem, as a schema error does.

export type Path = (string | number)[];

/** A problem inside one file, before its line is known: the path to the value and the rule it breaks. */
export interface PathProblem { path: Path; rule: string }

/** One problem of a scenario file: "my-rules.yaml:12" and "rules[3].when.amount.value must match ...". */
export interface ScenarioProblem { where: string; text: string }

/** What a loader or the compiler returns instead of its result when a file has problems (at least one). */
export interface ScenarioProblems { problems: ScenarioProblem[] }

export const isScenarioProblems = (value: unknown): value is ScenarioProblems =>
  typeof value === 'object' && value !== null && 'problems' in value && Array.isArray((value as ScenarioProblems).problems);

export const problemsOf = (...problems: ScenarioProblem[]): ScenarioProblems => ({ problems });

/** "scenarios[2].outcome.code" from ["scenarios", 2, "outcome", "code"]. */
export function formatPath(path: readonly (string | number)[]): string {
  return path.reduce<string>((text, part) => (typeof part === 'number' ? `${text}[${part}]` : text ? `${text}.${part}` : part), '') || '(file)';
}

/** A path problem placed in its file (`where` is the file's locator). */
export function placed(file: { where(path: readonly (string | number)[]): string }, { path, rule }: PathProblem): ScenarioProblem {
  return { where: file.where(path), text: `${formatPath(path)} ${rule}` };
}

/** Start-up refuses files with problems: createSandbox() rejects with this, naming the first. */
export class ScenarioFileError extends Error {
  override readonly name = 'ScenarioFileError';
  constructor(readonly problems: readonly ScenarioProblem[]) {
    super(problems.map(({ where, text }) => `${where}: ${text}`)[0] ?? 'the scenario files have a problem');
  }
}
