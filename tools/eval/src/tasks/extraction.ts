import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { extractArticle } from '@newsgraph/extraction';
import { f1Of, type EvalResult, type TaskRunner } from '../report';

/** Python's `\w` on str patterns: Unicode letters and numbers, and the underscore. */
const TOKEN = /[\p{L}\p{N}_]+/gu;

/**
 * Multiset of token n-grams ("shingles"). A text shorter than n tokens is one
 * shingle of all its tokens, as in the benchmark's reference scorer.
 */
export function shingles(text: string, n = 4): Map<string, number> {
  const tokens = text.match(TOKEN) ?? [];
  const out = new Map<string, number>();
  const last = Math.max(1, tokens.length - n + 1);
  for (let i = 0; i < last && tokens.length > 0; i++) {
    const key = tokens.slice(i, i + n).join('\u0001');
    out.set(key, (out.get(key) ?? 0) + 1);
  }
  return out;
}

export interface PageCounts {
  tp: number;
  fp: number;
  fn: number;
}

/** True/false positives and false negatives over shingles, normalised to sum to 1 per page. */
export function shingleCounts(truth: string, predicted: string, n = 4): PageCounts {
  const t = shingles(truth, n);
  const p = shingles(predicted, n);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const [key, pc] of p) {
    const tc = t.get(key) ?? 0;
    tp += Math.min(tc, pc);
    fp += Math.max(0, pc - tc);
  }
  for (const [key, tc] of t) fn += Math.max(0, tc - (p.get(key) ?? 0));
  const sum = tp + fp + fn;
  return sum > 0 ? { tp: tp / sum, fp: fp / sum, fn: fn / sum } : { tp, fp, fn };
}

export function pagePrecision({ tp, fp, fn }: PageCounts): number {
  if (fp === 0 && fn === 0) return 1;
  if (tp === 0 && fp === 0) return 0;
  return tp / (tp + fp);
}

export function pageRecall({ tp, fp, fn }: PageCounts): number {
  if (fp === 0 && fn === 0) return 1;
  if (tp === 0 && fn === 0) return 0;
  return tp / (tp + fn);
}

/**
 * The benchmark's score: precision averaged over pages that predicted
 * something, recall over pages whose truth has text, F1 of the two averages.
 */
export function extractionScore(pages: readonly PageCounts[]): {
  precision: number;
  recall: number;
  f1: number;
} {
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
  const precision = mean(pages.filter((c) => c.tp + c.fp > 0).map(pagePrecision));
  const recall = mean(pages.filter((c) => c.tp + c.fn > 0).map(pageRecall));
  return { precision, recall, f1: f1Of(precision, recall) };
}

interface Truth {
  url?: string;
  articleBody?: string;
}

/** `eval extraction <dir>`: dir holds ground-truth.json and html/<id>.html.gz. */
export const extractionTask: TaskRunner = async (args): Promise<EvalResult> => {
  const truth = JSON.parse(await readFile(join(args.input, 'ground-truth.json'), 'utf8')) as Record<
    string,
    Truth
  >;
  const ids = Object.keys(truth).sort().slice(0, args.limit);
  const utf8 = new TextDecoder('utf-8');
  const predictions: Record<string, { articleBody: string }> = {};
  const counts: PageCounts[] = [];
  const perPage: { id: string; f1: number }[] = [];
  let extractSeconds = 0;
  let missing = 0;
  for (const id of ids) {
    const file = join(args.input, 'html', `${id}.html.gz`);
    let body = '';
    if (existsSync(file)) {
      const html = utf8.decode(gunzipSync(await readFile(file)));
      const started = process.hrtime.bigint();
      body = extractArticle(html, truth[id]?.url).body;
      extractSeconds += Number(process.hrtime.bigint() - started) / 1e9;
    } else missing++; // Scored as an empty prediction.
    predictions[id] = { articleBody: body };
    const c = shingleCounts(truth[id]?.articleBody ?? '', body);
    counts.push(c);
    perPage.push({ id, f1: f1Of(pagePrecision(c), pageRecall(c)) });
  }
  if (args.predictions)
    await writeFile(args.predictions, `${JSON.stringify(predictions, null, 1)}\n`);
  const score = extractionScore(counts);
  const worst = perPage.sort((a, b) => a.f1 - b.f1).slice(0, 5);
  return {
    ...score,
    items: ids.length,
    details: [
      `extract:   ${extractSeconds.toFixed(2)} s (${(ids.length / extractSeconds).toFixed(1)} pages/s, reading and gunzip excluded)`,
      `pages with F1 < 0.8: ${perPage.filter((p) => p.f1 < 0.8).length}${missing ? `, pages without HTML: ${missing}` : ''}`,
      `worst:     ${worst.map((w) => `${w.id.slice(0, 10)} ${w.f1.toFixed(2)}`).join(', ')}`,
    ],
  };
};
