import { cpus } from 'node:os';

export interface EvalArgs {
  input: string;
  predictions?: string;
  kb?: string;
  limit?: number;
}

export interface EvalResult {
  precision: number;
  recall: number;
  f1: number;
  /** Items evaluated (pages, articles, documents). */
  items: number;
  /** Extra lines worth printing (per-class figures, counts). */
  details?: string[];
}

export type TaskRunner = (args: EvalArgs) => Promise<EvalResult>;

export const f1Of = (p: number, r: number) => (p + r === 0 ? 0 : (2 * p * r) / (p + r));

const fmt = (x: number) => x.toFixed(4);

export function printResult(task: string, r: EvalResult, seconds: number): void {
  const out = process.stdout;
  out.write(`task:      ${task}\n`);
  out.write(`items:     ${r.items}\n`);
  for (const line of r.details ?? []) out.write(`${line}\n`);
  out.write(
    `precision: ${fmt(r.precision)}\nrecall:    ${fmt(r.recall)}\nf1:        ${fmt(r.f1)}\n`,
  );
  out.write(
    `time:      ${seconds.toFixed(2)} s (${(r.items / seconds).toFixed(1)} items/s) on ${cpus()[0]?.model ?? 'unknown cpu'}, node ${process.version}\n`,
  );
  out.write(
    `${JSON.stringify({ task, precision: Number(fmt(r.precision)), recall: Number(fmt(r.recall)), f1: Number(fmt(r.f1)) })}\n`,
  );
}

/** The result for an input without gold labels: predictions written, nothing scored. */
export function unscored(items: number, details: string[]): EvalResult {
  return { precision: 0, recall: 0, f1: 0, items, details: [...details, 'no gold: not scored'] };
}
