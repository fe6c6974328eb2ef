import { createInterface } from 'node:readline';
import { openDecompressed, type OpenOptions } from './open';

export interface MalformedLine {
  line: number;
  message: string;
}

export interface ReadOptions extends OpenOptions {
  /** Called for every line that is not valid JSON; reading goes on. */
  onMalformed?: (issue: MalformedLine) => void;
}

export interface ReadReport {
  lines: number;
  malformed: number;
  /** The first malformed lines, with line numbers. */
  malformedLines: MalformedLine[];
}

const MAX_KEPT_ISSUES = 100;
// A whole-document JSON file (one pretty-printed entity) is read into memory: bound it.
const MAX_DOCUMENT_CHARS = 256 * 2 ** 20;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Streams the JSON objects of a file to `visit`: one object per line, bare (JSON
 * lines) or inside a JSON array with trailing commas (the Wikidata dump format),
 * or a single pretty-printed document (an object, an array, or the API's
 * `{"entities": {...}}`); plain, gzip or bzip2. A line that is not valid JSON is
 * counted and reported with its number, and reading goes on.
 */
export async function readJsonEntities(
  path: string,
  options: ReadOptions,
  visit: (entity: unknown) => void | Promise<void>,
): Promise<ReadReport> {
  const report: ReadReport = { lines: 0, malformed: 0, malformedLines: [] };
  const malformed = (line: number, error: unknown) => {
    const issue = { line, message: error instanceof Error ? error.message : String(error) };
    report.malformed++;
    if (report.malformedLines.length < MAX_KEPT_ISSUES) report.malformedLines.push(issue);
    options.onMalformed?.(issue);
  };
  const input = await openDecompressed(path, options);
  const lines = createInterface({ input, crlfDelay: Infinity });
  let mode: 'unknown' | 'lines' | 'document' = 'unknown';
  // Lines read before the first object parses: a pretty-printed document starts like that.
  let document = '';
  try {
    for await (const raw of lines) {
      report.lines++;
      if (mode === 'document') {
        document += raw + '\n';
        if (document.length > MAX_DOCUMENT_CHARS)
          throw new Error(`${path}: JSON document too large`);
        continue;
      }
      const line = raw.trim();
      if (!line || line === '[' || line === ']') {
        if (mode === 'unknown') document += raw + '\n';
        continue;
      }
      const json = line.endsWith(',') ? line.slice(0, -1) : line;
      let entity: unknown;
      try {
        entity = JSON.parse(json);
      } catch (error) {
        if (mode === 'unknown' && (line.startsWith('{') || line.startsWith('['))) {
          // Not one object per line: a pretty-printed document.
          mode = 'document';
          document += raw + '\n';
          continue;
        }
        malformed(report.lines, error);
        continue;
      }
      mode = 'lines';
      // A whole JSON array on one line.
      if (Array.isArray(entity)) for (const e of entity) await visit(e);
      else await visit(entity);
    }
  } finally {
    lines.close();
    input.destroy();
  }
  if (mode === 'document') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(document);
    } catch (error) {
      malformed(1, error);
      return report;
    }
    const entities = Array.isArray(parsed)
      ? parsed
      : isObject(parsed) && isObject(parsed.entities)
        ? Object.values(parsed.entities)
        : [parsed];
    for (const entity of entities) await visit(entity);
  }
  return report;
}
