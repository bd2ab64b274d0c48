import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromiumLaunch } from '../../playwright.config.ts';

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  os: string;
  versions: { node: string; chromium: string; electronPackage: string; app: string };
}

function readJsonVersion(file: string): string {
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'not installed';
  }
}

function osName(): string {
  try {
    const release = readFileSync('/etc/os-release', 'utf8').match(/^PRETTY_NAME="?([^"\n]+)"?/m);
    if (release?.[1]) return `${release[1]} (${os.type()} ${os.release()} ${os.arch()})`;
  } catch {
    // not Linux: fall through
  }
  return `${os.type()} ${os.release()} ${os.arch()}`;
}

function chromiumVersion(): string {
  try {
    return execFileSync(chromiumLaunch.executablePath, ['--version'], { encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return `not found at ${chromiumLaunch.executablePath}`;
  }
}

/** 1, 5 and 15 minute load averages: other work on the machine skews every figure, so the report states it. */
export function loadAverage(): number[] {
  return os.loadavg().map((value) => Math.round(value * 100) / 100);
}

export function describeMachine(rootDir: string): MachineInfo {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: osName(),
    versions: {
      node: process.version,
      chromium: chromiumVersion(),
      electronPackage: readJsonVersion(path.join(rootDir, 'node_modules/electron/package.json')),
      app: readJsonVersion(path.join(rootDir, 'package.json')),
    },
  };
}
