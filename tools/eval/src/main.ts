import { parseArgs } from 'node:util';
import { printResult, type EvalResult } from './report';
import { TASKS } from './tasks';

/**
 * `npm run eval -- <task> <input> [--predictions <file>] [--kb <file>]`
 * Runs the project's real code on an evaluation set (formats and metrics in
 * ../shared/data/README.md), prints precision/recall/F1 and timing, and ends
 * with one JSON line {"task","precision","recall","f1"}.
 */
async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      predictions: { type: 'string' },
      kb: { type: 'string' },
      limit: { type: 'string' },
    },
  });
  const [task, input] = positionals;
  const runner = task ? TASKS[task] : undefined;
  if (!runner || !input) {
    process.stderr.write(
      `usage: eval <${Object.keys(TASKS).join('|')}> <input> [--predictions <file>] [--kb <file>]\n`,
    );
    process.exit(64);
  }
  const started = process.hrtime.bigint();
  const result: EvalResult = await runner({
    input,
    predictions: values.predictions,
    kb: values.kb,
    limit: values.limit ? Number(values.limit) : undefined,
  });
  printResult(task!, result, Number(process.hrtime.bigint() - started) / 1e9);
}

main().catch((error: unknown) => {
  process.stderr.write(`eval: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
