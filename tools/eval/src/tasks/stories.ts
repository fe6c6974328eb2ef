import { readFile, writeFile } from 'node:fs/promises';
import { StoryClusterer } from '@newsgraph/stories';
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
 * Story clustering: every article goes through one StoryClusterer in file
 * (stream) order, without timestamps (the data has none). Stories in the open
 * window are revised as evidence comes in, so the scored assignment is the
 * one after the stream is flushed with refine(); the assignment each article
 * got on arrival is scored too, for reference.
 */
export const storiesTask: TaskRunner = async ({ input, predictions, limit }) => {
  const rows = parseJsonl<StoryRow>(await readFile(input, 'utf8')).slice(0, limit ?? Infinity);
  const clusterer = new StoryClusterer();
  const started = process.hrtime.bigint();
  const onArrival = rows.map(
    (row) => clusterer.assign({ id: row.id, title: row.title, text: row.text }).story.id,
  );
  clusterer.refine();
  const predicted = rows.map((row) => ({ id: row.id, story: clusterer.storyOf(row.id)! }));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (predictions) {
    await writeFile(predictions, predicted.map((p) => JSON.stringify(p)).join('\n') + '\n');
  }
  const details = [
    `stories:   ${new Set(predicted.map((p) => p.story)).size} for ${rows.length} articles`,
    `cluster:   ${(seconds * 1000).toFixed(1)} ms (${(rows.length / seconds).toFixed(0)} articles/s)`,
  ];
  if (!rows.every((row) => row.gold?.story)) return unscored(rows.length, details);
  const arrival = bcubed(
    rows.map((row, i) => ({ gold: row.gold!.story!, predicted: onArrival[i]! })),
  );
  details.push(
    `arrival:   P ${arrival.precision.toFixed(4)} R ${arrival.recall.toFixed(4)} F1 ${arrival.f1.toFixed(4)} (story ids as first assigned, before later revisions)`,
  );
  const scores = bcubed(
    rows.map((row, i) => ({ gold: row.gold!.story!, predicted: predicted[i]!.story })),
  );
  return { ...scores, items: rows.length, details } satisfies EvalResult;
};
