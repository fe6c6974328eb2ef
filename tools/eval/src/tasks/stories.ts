import { readFile, writeFile } from 'node:fs/promises';
import { DedupEngine, finalStories, InMemoryDedup } from '@newsgraph/dedup';
import { StoryClusterer } from '@newsgraph/stories';
import { evalArticle } from './articles';
import { f1Of, unscored, type EvalResult, type TaskRunner } from '../report';
import { parseJsonl } from './dedup';

interface StoryRow {
  id: string;
  title: string | null;
  text: string;
  gold?: { story?: string };
}

/**
 * BCubed precision and recall over items: for each item, the share of its
 * predicted cluster that shares its gold cluster (precision) and the share of
 * its gold cluster that shares its predicted cluster (recall), averaged.
 * Counted per (gold, predicted) cell, so it is linear in the number of items.
 */
export function bcubed(items: readonly { gold: string; predicted: string }[]): {
  precision: number;
  recall: number;
  f1: number;
} {
  if (items.length === 0) return { precision: 1, recall: 1, f1: 1 };
  const goldSize = new Map<string, number>();
  const predSize = new Map<string, number>();
  const cell = new Map<string, number>();
  const key = (g: string, p: string) => JSON.stringify([g, p]);
  for (const { gold, predicted } of items) {
    goldSize.set(gold, (goldSize.get(gold) ?? 0) + 1);
    predSize.set(predicted, (predSize.get(predicted) ?? 0) + 1);
    cell.set(key(gold, predicted), (cell.get(key(gold, predicted)) ?? 0) + 1);
  }
  let precision = 0;
  let recall = 0;
  for (const { gold, predicted } of items) {
    const shared = cell.get(key(gold, predicted))!;
    precision += shared / predSize.get(predicted)!;
    recall += shared / goldSize.get(gold)!;
  }
  precision /= items.length;
  recall /= items.length;
  return { precision, recall, f1: f1Of(precision, recall) };
}

/**
 * Story clustering as the deduplicator does it: every article goes through the
 * service's DedupEngine in file (stream) order, without timestamps (the data
 * has none); copies join their original's story, the rest are clustered, and
 * the periodic re-clustering publishes story moves. The scored assignment is
 * each article's story once every decision and move is applied (what the
 * projector stores); the StoryClusterer alone, flushed with refine() at the
 * end, is reported for reference.
 */
export const storiesTask: TaskRunner = async ({ input, predictions, limit }) => {
  const rows = parseJsonl<StoryRow>(await readFile(input, 'utf8')).slice(0, limit ?? Infinity);
  const dedup = new InMemoryDedup(DedupEngine.create());
  const started = process.hrtime.bigint();
  const decisions = rows.map((row, i) => dedup.decide(evalArticle(row), i));
  const final = finalStories(decisions);
  const predicted = rows.map((row) => ({
    id: row.id,
    story: final.get(evalArticle(row).articleId)!,
  }));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (predictions) {
    await writeFile(predictions, predicted.map((p) => JSON.stringify(p)).join('\n') + '\n');
  }
  const details = [
    `stories:   ${new Set(predicted.map((p) => p.story)).size} for ${rows.length} articles, ${decisions.reduce((n, d) => n + d.moves.length, 0)} story moves`,
    `decide:    ${(seconds * 1000).toFixed(1)} ms (${(rows.length / seconds).toFixed(0)} articles/s)`,
  ];
  if (!rows.every((row) => row.gold?.story)) return unscored(rows.length, details);
  const clusterer = new StoryClusterer();
  for (const row of rows) clusterer.assign({ id: row.id, title: row.title, text: row.text });
  clusterer.refine();
  const flushed = bcubed(
    rows.map((row) => ({ gold: row.gold!.story!, predicted: clusterer.storyOf(row.id)! })),
  );
  details.push(
    `flushed:   P ${flushed.precision.toFixed(4)} R ${flushed.recall.toFixed(4)} F1 ${flushed.f1.toFixed(4)} (clusterer alone, refined once more at the end)`,
  );
  const scores = bcubed(
    rows.map((row, i) => ({ gold: row.gold!.story!, predicted: predicted[i]!.story })),
  );
  return { ...scores, items: rows.length, details } satisfies EvalResult;
};
