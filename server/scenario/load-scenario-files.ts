// Reads scenario files (YAML or JSON: JSON is read as YAML, so both get line numbers) and checks each
// against the ScenarioFile schema. A bad file is returned as its problem (scenario-problems.ts): the file,
// the line, the path and the rule, e.g. "my-rules.yaml:12: rules[3].when.amount.value must match
// ^[1-9][0-9]{0,15}$"; start-up then refuses it.
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join, relative } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import jsYaml from 'js-yaml';
import { isMap, LineCounter, parseDocument, type Document } from 'yaml';
import { ScenarioFile } from '../../schemas/scenario-file.ts';
import { describeError } from '../api/validate.ts';
import { isScenarioProblems, problemsOf, type ScenarioProblems } from './scenario-problems.ts';

/** One parsed, schema-valid file. `where` turns a path inside it into "file:line". */
export interface ScenarioSource {
  /** How the file is named in messages: relative to the working directory, or "inline #N". */
  file: string;
  builtIn: boolean;
  content: ScenarioFile;
  where(path: readonly (string | number)[]): string;
}

const EXTENSIONS = new Set(['.yaml', '.yml', '.json']);
const MAX_FILE_BYTES = 8 * 1024 * 1024;

// All errors, not just the first: a misspelt key also makes the right one "required", and the misspelling
// is the error worth reporting. Start-up only, so the cost does not matter.
let validator: ValidateFunction | undefined;
const validateFile = (value: unknown) =>
  (validator ??= new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true }).compile(ScenarioFile))(value);

/** The error to report: a key that should not be there first, else the first error, with its anyOf alternatives. */
function explain(errors: ErrorObject[]): { error: ErrorObject; text: string } {
  const error = errors.find((e) => e.keyword === 'additionalProperties') ?? errors.find((e) => e.keyword !== 'anyOf') ?? errors[0]!;
  const alternatives = errors.some((e) => e.keyword === 'anyOf' && e.instancePath === error.instancePath)
    ? errors.filter((e) => e.keyword !== 'anyOf' && e.instancePath === error.instancePath)
    : [error];
  return { error, text: [...new Set(alternatives.map(describeError))].join(', or ') };
}

function pointerToPath(pointer: string): (string | number)[] {
  return pointer.split('/').slice(1).map((p) => p.replaceAll('~1', '/').replaceAll('~0', '~')).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

function locator(file: string, doc: Document | undefined, lines: LineCounter | undefined) {
  return (path: readonly (string | number)[]): string => {
    if (!doc || !lines) return file;
    // The deepest node that exists on the path: a missing property points at the object that lacks it.
    for (let depth = path.length; depth >= 0; depth--) {
      const node = doc.getIn(path.slice(0, depth), true) as { range?: [number, number, number] } | undefined;
      const parent = depth > 0 ? doc.getIn(path.slice(0, depth - 1), true) : undefined;
      // For a key that should not be there, point at the key itself rather than its value.
      const key = isMap(parent) ? parent.items.find((pair) => (pair.key as { value?: unknown })?.value === path[depth - 1])?.key as { range?: [number, number, number] } | undefined : undefined;
      const range = key?.range ?? node?.range;
      if (range) return `${file}:${lines.linePos(range[0]).line}`;
    }
    return file;
  };
}

/** Parses and schema-checks one file's text: the source, or its problem naming file, line, path and rule. */
export function parseScenarioText(text: string, file: string, builtIn: boolean): ScenarioSource | ScenarioProblems {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  const syntax = doc.errors[0];
  if (syntax) {
    const line = syntax.linePos?.[0]?.line;
    return problemsOf({ where: `${file}${line ? `:${line}` : ''}`, text: `not valid YAML or JSON: ${syntax.message.split('\n')[0]}` });
  }
  const content: unknown = doc.toJS({ maxAliasCount: 1000 }) ?? {};
  const where = locator(file, doc, lines);
  return checkContent(content, file, builtIn, where);
}

/**
 * Lines of the items of each top-level block sequence ("testCards:" then "  - ..."), by key: what the
 * catalogue asks of a built-in file (where is scenarios[3], testCards[12]) without a line-numbered parse.
 */
function sequenceItemLines(text: string): Map<string, number[]> {
  const items = new Map<string, number[]>();
  let current: number[] | undefined;
  let indent: string | undefined;
  text.split('\n').forEach((line, index) => {
    if (/^\s*(#.*)?$/.test(line)) return;
    const key = /^([A-Za-z_][\w-]*):\s*(#.*)?$/.exec(line);
    if (key) {
      current = [];
      indent = undefined;
      items.set(key[1]!, current);
      return;
    }
    if (!/^\s/.test(line) && !line.startsWith('-')) {
      current = undefined;
      return;
    }
    const item = /^(\s*)- /.exec(line);
    if (!current || !item) return;
    indent ??= item[1];
    if (item[1] === indent) current.push(index + 1);
  });
  return items;
}

/**
 * The built-in catalogue's files, read the fast way: a plain YAML load (js-yaml, YAML 1.2 core schema, as
 * `yaml` reads them), without the line-numbered document or the schema check. Both cost a first sandbox
 * most of its start-up (the schema's compiled validator alone ~100 ms), and neither can find anything in
 * files that ship with the package: test/scenario/built-in-files.test.ts checks every built-in file
 * against the schema, that both readers give the same content, and that the lines found here for the
 * catalogue's entries are those of the line-numbered reader, which any other path (a message) still uses.
 */
export function parseBuiltInText(text: string, file: string): ScenarioSource {
  const content = (jsYaml.load(text, { schema: jsYaml.CORE_SCHEMA, filename: file }) ?? {}) as ScenarioFile;
  let items: Map<string, number[]> | undefined;
  let exact: ScenarioSource['where'] | undefined;
  return {
    file, builtIn: true, content,
    where: (path) => {
      if (path.length === 2 && typeof path[0] === 'string' && typeof path[1] === 'number') {
        const line = (items ??= sequenceItemLines(text)).get(path[0])?.[path[1]];
        if (line !== undefined) return `${file}:${line}`;
      }
      exact ??= (() => {
        const lines = new LineCounter();
        return locator(file, parseDocument(text, { lineCounter: lines, uniqueKeys: true }), lines);
      })();
      return exact(path);
    },
  };
}

/** Schema-checks content given as data (createSandbox({ scenarioData })). */
export function scenarioSourceFromData(content: unknown, file: string): ScenarioSource | ScenarioProblems {
  return checkContent(content, file, false, () => file);
}

function checkContent(content: unknown, file: string, builtIn: boolean, where: ScenarioSource['where']): ScenarioSource | ScenarioProblems {
  if (!validateFile(content)) {
    const { error, text } = explain(validator!.errors ?? []);
    const path = pointerToPath(error.instancePath);
    const extra = error.keyword === 'additionalProperties' ? [(error.params as { additionalProperty: string }).additionalProperty] : [];
    return problemsOf({ where: where([...path, ...extra]), text });
  }
  return { file, builtIn, content: content as ScenarioFile, where };
}

async function filesIn(path: string): Promise<string[] | ScenarioProblems> {
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => problemsOf({ where: path, text: `cannot read scenarios (${error.code ?? error.message})` }));
  if (isScenarioProblems(info)) return info;
  if (info.isFile()) return [path];
  const names = (await readdir(path)).filter((name) => EXTENSIONS.has(extname(name).toLowerCase()) && !name.startsWith('.'));
  // Name order, so that rule order (first match wins) does not depend on the file system.
  return names.sort().map((name) => join(path, name));
}

/**
 * Reads every .yaml, .yml and .json file of each directory (or each file given), in name order; or the
 * problem of the first file that cannot be used.
 */
export async function loadScenarioSources(paths: readonly string[], builtIn = false): Promise<ScenarioSource[] | ScenarioProblems> {
  const sources: ScenarioSource[] = [];
  for (const path of paths) {
    const files = await filesIn(path);
    if (isScenarioProblems(files)) return files;
    for (const full of files) {
      const text = await readFile(full);
      const shown = builtIn ? `scenarios/${relative(path, full) || full}` : relative(process.cwd(), full) || full;
      if (text.length > MAX_FILE_BYTES) return problemsOf({ where: shown, text: 'larger than 8 MiB' });
      const source = builtIn ? parseBuiltInText(text.toString('utf8'), shown) : parseScenarioText(text.toString('utf8'), shown, false);
      if (isScenarioProblems(source)) return source;
      sources.push(source);
    }
  }
  return sources;
}
