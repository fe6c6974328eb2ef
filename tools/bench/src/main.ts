import { arch, cpus, platform, release, totalmem } from 'node:os';
import { SUITES } from './suites';

/**
 * `npm run bench [-- <suite> ...]`: runs the benchmark suites (all by default) on
 * this machine, single process, and prints their numbers after a line that
 * describes the machine, so figures quoted in docs can be reproduced.
 */
async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((w) => !(w in SUITES));
  if (unknown.length) {
    process.stderr.write(
      `unknown suite(s): ${unknown.join(', ')}; known: ${Object.keys(SUITES).join(', ')}\n`,
    );
    process.exit(64);
  }
  const cpu = cpus();
  process.stdout.write(
    `machine: ${cpu.length} x ${cpu[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, ${platform()} ${release()} ${arch()}, node ${process.version}\n`,
  );
  for (const name of wanted.length ? wanted : Object.keys(SUITES)) {
    process.stdout.write(`\n## ${name}\n`);
    const lines = await SUITES[name]!();
    for (const line of lines) process.stdout.write(`${line}\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
