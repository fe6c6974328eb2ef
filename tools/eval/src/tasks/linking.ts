import { readFile, writeFile } from 'node:fs/promises';
import { EntityLinker, isQid, loadKnowledgeBase } from '@newsgraph/linking';
import { f1Of, type EvalResult, type TaskRunner } from '../report';

interface GoldLabel {
  span: [number, number];
  entity_id: string;
  coref?: boolean;
}

export interface LinkingDoc {
  id: string | number;
  text: string;
  /** The part of the text the annotators labelled (ELEVANT); the whole text when absent. */
  evaluation_span?: [number, number];
  labels: GoldLabel[];
}

export interface PredictedLabel {
  span: [number, number];
  entity_id: string;
}

export interface LinkCounts {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  /** Predictions left out because they overlap a gold label that is not counted. */
  ignored: number;
}

/** Gold labels that count: a QID, not a coreference mention ("he", "the company"). */
export const countedLabel = (l: GoldLabel): boolean => isQid(l.entity_id) && l.coref !== true;

/**
 * Micro counts over (exact span, QID) pairs for one document: a prediction is
 * true when a counted gold label has its span and QID; a prediction overlapping
 * a gold label that is not counted (NIL, quantity, date, coreference) is
 * ignored; every other prediction is false; counted gold labels not predicted
 * are missed.
 */
export function linkCounts(doc: LinkingDoc, predicted: readonly PredictedLabel[]): LinkCounts {
  const gold = new Set<string>();
  const uncounted: [number, number][] = [];
  for (const l of doc.labels) {
    if (countedLabel(l)) gold.add(`${l.span[0]}:${l.span[1]}:${l.entity_id}`);
    else uncounted.push(l.span);
  }
  const seen = new Set<string>();
  const counts: LinkCounts = { truePositives: 0, falsePositives: 0, falseNegatives: 0, ignored: 0 };
  for (const p of predicted) {
    const key = `${p.span[0]}:${p.span[1]}:${p.entity_id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (gold.has(key)) counts.truePositives++;
    else if (uncounted.some(([s, e]) => p.span[0] < e && s < p.span[1])) counts.ignored++;
    else counts.falsePositives++;
  }
  counts.falseNegatives = gold.size - counts.truePositives;
  return counts;
}

export function addCounts(a: LinkCounts, b: LinkCounts): LinkCounts {
  return {
    truePositives: a.truePositives + b.truePositives,
    falsePositives: a.falsePositives + b.falsePositives,
    falseNegatives: a.falseNegatives + b.falseNegatives,
    ignored: a.ignored + b.ignored,
  };
}

export function linkScores(c: LinkCounts): { precision: number; recall: number; f1: number } {
  const precision =
    c.truePositives + c.falsePositives === 0
      ? 0
      : c.truePositives / (c.truePositives + c.falsePositives);
  const recall =
    c.truePositives + c.falseNegatives === 0
      ? 0
      : c.truePositives / (c.truePositives + c.falseNegatives);
  return { precision, recall, f1: f1Of(precision, recall) };
}

const ZERO: LinkCounts = { truePositives: 0, falsePositives: 0, falseNegatives: 0, ignored: 0 };
const pct = (x: number) => x.toFixed(4);

/**
 * `eval linking <benchmark.jsonl> --kb <kb file> [--predictions <out.jsonl>]`:
 * links each document's `text` with the project's linker against the given
 * knowledge base (any format the linking library reads; with
 * LINKING_DEFAULT_KB=1 also the KB shipped with the project) and scores
 * knowledge-base links against the gold labels.
 *
 * Benchmarks label only their `evaluation_span` (News-Fair: one excerpt of each
 * article); the linker reads the whole text for context, and only its mentions
 * inside that span are predictions, as ELEVANT evaluates. The figure for every
 * mention of the whole text is printed as well.
 */
export const linkingTask: TaskRunner = async (args) => {
  const kbPaths = args.kb ? [args.kb] : [];
  const setting = process.env.LINKING_DEFAULT_KB;
  const withDefaultKb =
    !args.kb || setting === '1' ? true : setting === 'qids' ? ('qids' as const) : false;
  let malformedLines = 0;
  const loaded = await loadKnowledgeBase(kbPaths, {
    withDefaultKb,
    onMalformed: () => void malformedLines++,
  });
  const linker = new EntityLinker(loaded.index, {
    linkConcepts: process.env.LINKING_CONCEPTS === '1',
    minConfidence: process.env.LINKING_MIN_CONFIDENCE
      ? Number(process.env.LINKING_MIN_CONFIDENCE)
      : undefined,
  });

  const lines = (await readFile(args.input, 'utf8')).split('\n').filter((l) => l.trim());
  const docs = lines.slice(0, args.limit ?? lines.length).map((l) => JSON.parse(l) as LinkingDoc);
  let counts = ZERO;
  let wholeText = ZERO;
  const out: string[] = [];
  let linkSeconds = 0;
  for (const doc of docs) {
    const started = process.hrtime.bigint();
    const mentions = linker.mentions(doc.text);
    linkSeconds += Number(process.hrtime.bigint() - started) / 1e9;
    const all: PredictedLabel[] = mentions
      .filter((m) => m.entity >= 0 && isQid(m.id))
      .map((m) => ({ span: [m.start, m.end], entity_id: m.id }));
    const [from, to] = doc.evaluation_span ?? [0, doc.text.length];
    const predicted = all.filter((p) => p.span[0] >= from && p.span[1] <= to);
    counts = addCounts(counts, linkCounts(doc, predicted));
    wholeText = addCounts(wholeText, linkCounts(doc, all));
    out.push(JSON.stringify({ id: doc.id, labels: predicted }));
  }
  if (args.predictions) await writeFile(args.predictions, out.join('\n') + '\n');

  const scores = linkScores(counts);
  const whole = linkScores(wholeText);
  const stats = loaded.index.stats;
  const result: EvalResult = {
    ...scores,
    items: docs.length,
    details: [
      `kb:        ${stats.entities} entities, ${stats.names} names, loaded in ${loaded.seconds.toFixed(2)} s` +
        (malformedLines ? ` (${malformedLines} malformed lines skipped)` : '') +
        (withDefaultKb
          ? ` (with the default KB${withDefaultKb === 'qids' ? ', QID entities' : ''})`
          : ''),
      `counts:    tp ${counts.truePositives}, fp ${counts.falsePositives}, fn ${counts.falseNegatives}, ignored ${counts.ignored}`,
      `whole text (predictions outside evaluation spans too): precision ${pct(whole.precision)}, recall ${pct(whole.recall)}, f1 ${pct(whole.f1)}`,
      `linking:   ${((linkSeconds / Math.max(1, docs.length)) * 1000).toFixed(2)} ms per document`,
    ],
  };
  return result;
};
