/**
 * Where the Electron binary is, without `require('electron')`: that call tries to download the binary when it
 * is missing, and the download (from GitHub, not the npm registry) is not reachable everywhere.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const electronPackageDir = resolve(import.meta.dirname, '../node_modules/electron');

export function findElectronBinary(): { path: string } | { missing: string } {
  const pathFile = join(electronPackageDir, 'path.txt');
  if (!existsSync(pathFile)) return { missing: `${pathFile} does not exist (the electron package's install script never ran)` };
  const relative = readFileSync(pathFile, 'utf8').trim();
  const binary = process.env.ELECTRON_OVERRIDE_DIST_PATH ? join(process.env.ELECTRON_OVERRIDE_DIST_PATH, relative) : join(electronPackageDir, 'dist', relative);
  return existsSync(binary) ? { path: binary } : { missing: `${binary} does not exist` };
}
