// `npm test`: every check the project has, one stage after another, each counted, ending with one
// line `N passed, N failed` that sums them all. Test stages count their tests (vitest's JSON
// report); the type-check, the build and the Firefox lint count as one check each. Every stage
// runs even after a failure (the browser legs need the build: without it they are not run and
// count as one failure each), and the exit code is non-zero if anything failed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const reports = mkdtempSync(join(tmpdir(), 'stenobird-test-all-'));

/** @typedef {{ name: string, passed: number, failed: number, skipped: number, seconds: number, note?: string }} Stage */
/** @type {Stage[]} */
const stages = [];

function run(command, args, env = {}) {
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return { ok: result.status === 0, seconds: (Date.now() - started) / 1000 };
}

/** A stage that is one check: it passed if the command exited 0. */
function check(name, command, args, env) {
  console.log(`\n▶ ${name}`);
  const { ok, seconds } = run(command, args, env);
  stages.push({ name, passed: ok ? 1 : 0, failed: ok ? 0 : 1, skipped: 0, seconds });
  return ok;
}

/** A vitest stage: its tests, from the JSON report (an exit code vitest gave without a failed test, e.g. an unhandled error or a failed hook, counts as one failure). */
function tests(name, args, env) {
  console.log(`\n▶ ${name}`);
  const file = join(reports, `${name.replace(/\W+/g, '-')}.json`);
  const { ok, seconds } = run('npx', ['vitest', 'run', ...args, '--reporter=default', '--reporter=json', `--outputFile.json=${file}`], env);
  if (!existsSync(file)) {
    stages.push({ name, passed: 0, failed: 1, skipped: 0, seconds, note: 'no report' });
    return;
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const passed = report.numPassedTests;
  let failed = report.numFailedTests;
  const skipped = report.numPendingTests + report.numTodoTests;
  const note = !ok && failed === 0 ? 'vitest failed outside a test' : undefined;
  if (note) failed = 1;
  stages.push({ name, passed, failed, skipped, seconds, ...(note ? { note } : {}) });
}

function notRun(name, why) {
  stages.push({ name, passed: 0, failed: 1, skipped: 0, seconds: 0, note: `not run: ${why}` });
}

check('type-check', 'npx', ['tsc', '--noEmit']);
tests('unit (chrome build)', []);
tests('unit (firefox build)', ['--config', 'test/unit/vitest.firefox.config.ts']);
const built = check('build (chrome-mv3, firefox-mv2)', 'npm', ['run', '--silent', 'build']);
for (const [name, browser] of [['browser (chromium)', 'chromium'], ['browser (firefox)', 'firefox']]) {
  if (built) tests(name, ['--config', 'test/browser/vitest.config.ts'], { TEST_BROWSER: browser, SKIP_BUILD: '1' });
  else notRun(name, 'the build failed');
}
if (built) check('web-ext lint (firefox-mv2)', 'npx', ['web-ext', 'lint', '--source-dir', '.output/firefox-mv2', '--self-hosted=false', '--warnings-as-errors']);
else notRun('web-ext lint (firefox-mv2)', 'the build failed');

rmSync(reports, { recursive: true, force: true });

const width = Math.max(...stages.map((s) => s.name.length));
console.log('\nStages:');
for (const s of stages) {
  const skipped = s.skipped ? `, ${s.skipped} skipped` : '';
  const note = s.note ? ` — ${s.note}` : '';
  console.log(`  ${s.name.padEnd(width)}  ${s.passed} ok / ${s.failed} not ok${skipped} (${s.seconds.toFixed(1)} s)${note}`);
}
const passed = stages.reduce((n, s) => n + s.passed, 0);
const failed = stages.reduce((n, s) => n + s.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
