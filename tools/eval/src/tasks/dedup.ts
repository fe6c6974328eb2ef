import { readFile, writeFile } from 'node:fs/promises';
import { DedupEngine, InMemoryDedup } from '@newsgraph/dedup';
import { f1Of, unscored, type EvalResult, type TaskRunner } from '../report';
import { evalArticle } from './articles';

interface DedupRow {
  id: string;
  title: string | null;
  text: string;
  gold?: { duplicateGroup?: string; ambiguousWithGroups?: string[] | null };
}

export interface PairCounts {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  /** Predicted pairs left out because their gold groups are marked ambiguous. */
  excluded: number;
}

const pairs = (n: number) => (n * (n - 1)) / 2;

/**
 * Pairwise counts over duplicate pairs: a pair is predicted when both items
 * share a predicted group, true when they share a gold group. Pairs whose gold
 * groups are listed as ambiguous with each other are not scored either way.
 * Counted through group sizes, so it is linear in the number of items.
 */
export function pairCounts(
  items: readonly { gold: string; predicted: string }[],
  ambiguous: ReadonlyMap<string, ReadonlySet<string>> = new Map(),
): PairCounts {
  const goldSize = new Map<string, number>();
  const predSize = new Map<string, number>();
  const cellSize = new Map<string, Map<string, number>>(); // predicted -> gold -> n
  for (const { gold, predicted } of items) {
    goldSize.set(gold, (goldSize.get(gold) ?? 0) + 1);
    predSize.set(predicted, (predSize.get(predicted) ?? 0) + 1);
    let cell = cellSize.get(predicted);
    if (!cell) cellSize.set(predicted, (cell = new Map()));
    cell.set(gold, (cell.get(gold) ?? 0) + 1);
  }
  let truePositives = 0;
  let excluded = 0;
  for (const cell of cellSize.values()) {
    const golds = [...cell.entries()];
    for (let i = 0; i < golds.length; i++) {
      const [g, n] = golds[i]!;
      truePositives += pairs(n);
      for (let j = i + 1; j < golds.length; j++) {
        const [h, m] = golds[j]!;
        if (ambiguous.get(g)?.has(h) || ambiguous.get(h)?.has(g)) excluded += n * m;
      }
    }
  }
  let predicted = 0;
  for (const n of predSize.values()) predicted += pairs(n);
  let gold = 0;
  for (const n of goldSize.values()) gold += pairs(n);
  return {
    truePositives,
    falsePositives: predicted - truePositives - excluded,
    falseNegatives: gold - truePositives,
    excluded,
  };
}

export function pairScores(c: PairCounts): { precision: number; recall: number; f1: number } {
  const tp = c.truePositives;
  const precision = tp + c.falsePositives === 0 ? 1 : tp / (tp + c.falsePositives);
  const recall = tp + c.falseNegatives === 0 ? 1 : tp / (tp + c.falseNegatives);
  return { precision, recall, f1: f1Of(precision, recall) };
}

/** Symmetric ambiguity relation between gold groups, from the rows' gold fields. */
export function ambiguityOf(rows: readonly DedupRow[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const link = (a: string, b: string) => {
    let s = out.get(a);
    if (!s) out.set(a, (s = new Set()));
    s.add(b);
  };
  for (const row of rows) {
    const group = row.gold?.duplicateGroup;
    if (!group) continue;
    for (const other of row.gold?.ambiguousWithGroups ?? []) {
      link(group, other);
      link(other, group);
    }
  }
  return out;
}

export function parseJsonl<T>(text: string): T[] {
  return text
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as T);
}

/**
 * Duplicate detection as the deduplicator does it: every article goes through
 * the service's DedupEngine in file (stream) order (exact claims on content
 * hash, then the near-duplicate index, which compares bodies only: syndicated
 * copies routinely rewrite headlines); an article's predicted group is the
 * canonical article of its verdict.
 */
export const dedupTask: TaskRunner = async ({ input, predictions, limit }) => {
  const rows = parseJsonl<DedupRow>(await readFile(input, 'utf8')).slice(0, limit ?? Infinity);
  const dedup = new InMemoryDedup(DedupEngine.create());
  const rowOf = new Map<string, string>();
  const started = process.hrtime.bigint();
  const predicted = rows.map((row, i) => {
    const article = evalArticle(row);
    rowOf.set(article.articleId, row.id);
    const { verdict } = dedup.decide(article, i).deduped;
    return {
      id: row.id,
      duplicateGroup: verdict.duplicateOf ? rowOf.get(verdict.duplicateOf)! : row.id,
    };
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (predictions) {
    await writeFile(predictions, predicted.map((p) => JSON.stringify(p)).join('\n') + '\n');
  }
  const details = [
    `copies:    ${predicted.filter((p, i) => p.duplicateGroup !== rows[i]!.id).length} of ${rows.length} flagged near-duplicate`,
    `index:     ${(seconds * 1000).toFixed(1)} ms (${(rows.length / seconds).toFixed(0)} articles/s)`,
  ];
  const scored = rows.every((row) => row.gold?.duplicateGroup);
  if (!scored) return unscored(rows.length, details);
  const counts = pairCounts(
    rows.map((row, i) => ({
      gold: row.gold!.duplicateGroup!,
      predicted: predicted[i]!.duplicateGroup,
    })),
    ambiguityOf(rows),
  );
  details.push(
    `pairs:     tp ${counts.truePositives}, fp ${counts.falsePositives}, fn ${counts.falseNegatives}, ambiguous left out ${counts.excluded}`,
  );
  return { ...pairScores(counts), items: rows.length, details } satisfies EvalResult;
};
