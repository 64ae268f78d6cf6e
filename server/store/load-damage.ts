// Start-up's reading of the journals and what it does with damage: refuse, naming the first damaged file
// and line, or (with --repair) move each damaged file aside, kept as it was, and list what was dropped.
import { readFile, rename } from 'node:fs/promises';
import { readJournal, type Damage } from './journal-file.ts';
import { DataFileError, type Table } from './table.ts';

/** Applies a journal's intact entries to the tables and returns its damage; a journal that should be there and is not is damage too. */
export async function replayJournal(path: string, expected: boolean, tables: readonly Table<unknown>[]): Promise<Damage[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    return expected ? [{ path, problem: 'missing (the data directory had one)', dropped: 'every change since the last compaction' }] : [];
  }
  const byName = new Map(tables.map((t) => [t.name, t]));
  const { entries, damage } = readJournal(path, text, new Set(byName.keys()));
  for (const entry of entries) byName.get(entry.t)!.apply(entry.id, entry.d === 1 ? null : entry.r);
  return damage;
}

/** Why start-up stops on damage without --repair: the first damaged file and line, and how many more. */
export function refusalOf(damage: Damage[]): DataFileError {
  const first = damage[0]!;
  const more = damage.length > 1 ? ` (and ${damage.length - 1} more problem(s))` : '';
  return new DataFileError(`data file ${first.path}${first.line ? ` line ${first.line}` : ''} is ${first.problem}${more}; it was left untouched. Start with --repair to move the damaged file(s) aside and start with what is intact`);
}

/** With --repair: every damaged file renamed aside, kept as it was; returns what was dropped, one line each, for the log. */
export async function setDamagedFilesAside(damage: Damage[]): Promise<string[]> {
  const suffix = `.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  const moved = new Set<string>();
  const repairs: string[] = [];
  for (const d of damage) {
    let aside = '';
    if (!moved.has(d.path) && !d.problem.startsWith('missing')) {
      await rename(d.path, d.path + suffix);
      moved.add(d.path);
      aside = `; the file was kept as ${d.path + suffix}`;
    }
    repairs.push(`${d.path}${d.line ? ` line ${d.line}` : ''}: ${d.problem}; dropped ${d.dropped ?? 'the line'}${aside}`);
  }
  return repairs;
}
