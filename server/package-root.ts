// Where the files the sandbox reads at run time live (scenarios/, hosted-page/, package.json). They sit at
// the package's top, whether the code runs from source (server/...) or compiled (dist/server/...), so the
// top is found by walking up to package.json rather than by a fixed number of '../'.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${start}: the alipay-sandbox package is incomplete`);
  }
}

export const PACKAGE_ROOT = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

/** A folder of the package, with a trailing slash. */
export const packagePath = (folder: string): string => join(PACKAGE_ROOT, folder, '/');

export const PACKAGE_VERSION: string = (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
