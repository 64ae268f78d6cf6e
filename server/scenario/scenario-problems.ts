// How a scenario file's problem beyond its schema is reported: like a schema error, with file, line,
// path and rule (the loader stops on the first).
import { ScenarioFileError, formatPath, type ScenarioSource } from './load-scenario-files.ts';

export type Path = (string | number)[];

export class Problems {
  constructor(private readonly source: ScenarioSource) {}
  fail(path: Path, rule: string): never {
    throw new ScenarioFileError(`${this.source.where(path)}: ${formatPath(path)} ${rule}`);
  }
}
