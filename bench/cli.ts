// `npm run bench:cli`: cold start of the built `mailsetup` command, one fresh process per
// run, next to a bare `node -e 0` measured in the same run (the baseline). Commands run
// in turn round after round, so a drift in the machine's speed hits all of them alike.
// Wall time from spawn to exit; medians of BENCH_REPS runs (default 15), as ratios.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPS = Number(process.env.BENCH_REPS ?? 15);
const BIN = fileURLToPath(new URL('../bin/mailsetup.js', import.meta.url));

interface Case {
  label: string;
  args: string[];
}

const CASES: Case[] = [
  { label: 'node -e 0 (baseline)', args: ['-e', '0'] },
  { label: 'mailsetup --help', args: [BIN, '--help'] },
  { label: 'mailsetup discover x@gmail.com --offline --json', args: [BIN, 'discover', 'x@gmail.com', '--offline', '--json'] },
  { label: 'mailsetup accounts --json (empty config)', args: [BIN, 'accounts', '--json'] },
];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

function runOnce(c: Case, env: NodeJS.ProcessEnv): number {
  const start = performance.now();
  const r = spawnSync(process.execPath, c.args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = performance.now() - start;
  if (r.status !== 0) {
    throw new Error(`${c.label} exited ${r.status ?? r.signal}: ${r.stderr.toString().trim().slice(0, 500)}`);
  }
  return ms;
}

function main(): void {
  if (!existsSync(fileURLToPath(new URL('../dist/mailsetup/main.js', import.meta.url)))) {
    process.stderr.write('bench:cli times the built command: run `npm run build` first.\n');
    process.exit(1);
  }
  const configDir = mkdtempSync(join(tmpdir(), 'mailsetup-bench-cli-'));
  // An empty settings folder; no compile cache left over from an earlier run is reused
  // unless the product itself keeps one (that is part of what a user gets).
  const env = { ...process.env, MAILSETUP_CONFIG_DIR: configDir };
  const times = CASES.map((): number[] => []);
  try {
    // One warm-up round (file-system cache), not counted.
    for (const c of CASES) runOnce(c, env);
    for (let rep = 0; rep < REPS; rep++) {
      // Rotate the order each round so no command always follows the same one.
      for (let i = 0; i < CASES.length; i++) {
        const k = (i + rep) % CASES.length;
        (times[k] as number[]).push(runOnce(CASES[k] as Case, env));
      }
    }
  } finally {
    rmSync(configDir, { recursive: true, force: true });
  }
  const base = median(times[0] as number[]);
  process.stdout.write(`Cold process start, median of ${REPS} runs each (wall time, spawn to exit), ${process.version}\n\n`);
  const width = Math.max(...CASES.map((c) => c.label.length));
  process.stdout.write(`${'command'.padEnd(width)}  median ms   min ms   max ms   x node -e 0\n`);
  CASES.forEach((c, i) => {
    const t = times[i] as number[];
    process.stdout.write(
      `${c.label.padEnd(width)}  ${median(t).toFixed(1).padStart(9)}  ${Math.min(...t).toFixed(1).padStart(7)}  ${Math.max(...t).toFixed(1).padStart(7)}   ${(median(t) / base).toFixed(2).padStart(6)}x\n`,
    );
  });
  process.stdout.write('\nGoal: --help <= 2x, offline discover <= 3x the bare node start.\n');
}

main();
