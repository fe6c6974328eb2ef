import { fingerprintText, normalizeText } from '@newsgraph/text';

export interface CleanText {
  title: string;
  body: string;
}

/** Words of page furniture: buttons, menus and widget labels copied along with a story. */
const CHROME_WORDS = new Set(
  (
    'advertisement advertising ad ads sponsored discuss discussion comment comments search menu home ' +
    'share shares tweet like likes print email e-mail subscribe subscription login log sign in up out ' +
    'register follow us next previous prev back to top close open more less show hide read view ' +
    'helpful keywords keyword tags tag related topics topic navigation skip content main loading ' +
    'facebook twitter whatsapp linkedin pinterest telegram reddit copy link links save bookmark ' +
    'newsletter feedback report reply replies cookie cookies accept settings this it on page article ' +
    'story now here all'
  ).split(' '),
);

/** Lines that start a list of links to other stories. */
const LINK_LIST_HEADER =
  /^(read|see|watch|listen)( (more|also|next|this))?( (here|on this|stories|articles|news))?\s*:?$|^(related|more|also read|recommended|most read|popular|trending|you may also like|further reading)( (stories|articles|news|links|content|coverage|on this( topic)?))?\s*:?$/i;

/** "source: Xinhua", "responsible editor: Lin": who filed or edited it, not the story. */
const CREDIT_LINE =
  /^((the )?source( of this (article|story|news))?|(responsible |chief |copy )?editors?|edited by|reporters?|translat(ed by|or)|proofread(er|ing)?|photos?( by)?|images?( by)?|(photo |image )?credits?)\s*[:：]/i;

const WORD = /[\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+)*/gu;
const words = (line: string) => line.match(WORD) ?? [];

const CODE_START =
  /\(\s*function\s*\(|\bfunction\s*\w*\s*\(|\b(var|let|const)\s+\w+\s*=|\bwindow\s*\.\s*\w|\bdocument\s*\.\s*\w|\w+\s*\.\s*push\s*\(|<\/?script/i;

/** A statement rather than prose: an assignment, a call, or mostly brackets. */
function looksLikeCode(segment: string): boolean {
  const t = segment.trim();
  if (!t) return true;
  if (/^[\w$.[\]'"\s]+=[^=]/.test(t) || /^[\w$.]+\s*\(.*\)\s*;?$/.test(t)) return true;
  const symbols = t.match(/[{}()[\];=|]/g)?.length ?? 0;
  return symbols >= 2 && symbols >= words(t).length * 0.3;
}

/** Top-level statements from `from` on: split at semicolons outside brackets and quotes. */
function statements(line: string, from: number): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  let depth = 0;
  let quote = '';
  let begin = from;
  for (let i = from; i < line.length; i++) {
    const ch = line[i]!;
    if (quote) {
      if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '(' || ch === '{' || ch === '[') depth++;
    else if (ch === ')' || ch === '}' || ch === ']') depth = Math.max(0, depth - 1);
    else if (ch === ';' && depth === 0) {
      out.push({ start: begin, end: i + 1 });
      begin = i + 1;
    }
  }
  if (begin < line.length) out.push({ start: begin, end: line.length });
  return out;
}

/**
 * Where code left behind by a scraper starts and ends in a line: from a
 * telltale opening (a function, window./document., var x =) over the
 * statements that follow, up to the first stretch of prose.
 */
function codeSpan(line: string): { start: number; end: number } | null {
  const start = line.search(CODE_START);
  if (start < 0) return null;
  let end = start;
  for (const st of statements(line, start)) {
    if (!looksLikeCode(line.slice(st.start, st.end))) break;
    end = st.end;
  }
  return end > start ? { start, end } : null;
}

const isSentence = (line: string) => /[.!?…:;"”'’)\]】」]$/.test(line.trim());

/** A line made only of interface words: "Discuss", "Helpful keywords", "Share this". */
function isChrome(line: string): boolean {
  const ws = words(line);
  if (ws.length === 0) return /^[\s\p{P}\p{S}]*$/u.test(line);
  if (ws.length > 4 || /[.!?]$/.test(line.trim())) return false;
  return ws.every((w) => CHROME_WORDS.has(w.toLowerCase()));
}

/** A section or source label standing alone: "World", "Sputnik", "Business". */
function isLoneLabel(line: string): boolean {
  const t = line.trim();
  if (/^[[(【「<]/.test(t) || isSentence(t)) return false;
  const ws = words(t);
  return ws.length === 1 && ws[0]!.length <= 30 && !/\d/.test(t);
}

/** A short line that can be a headline (the title of a linked story). */
const isHeadlineLike = (line: string) => {
  const n = words(line).length;
  return n >= 2 && n <= 25 && !/[.!?]$/.test(line.trim());
};

/**
 * Removes what scrapers copy along with a plain-text story: stray JavaScript,
 * "Read More:" link lists, interface words ("Discuss", "Search"), credit
 * lines, lone section labels and repetitions of the title. A title that is
 * itself a label gives way to the first headline-like line.
 */
export function cleanPlainText(title: string, body: string): CleanText {
  let lines = normalizeText(body)
    .split('\n')
    .map((l) => l.trim());

  let cleanTitle = normalizeText(title).replace(/\n+/g, ' ');
  while ((isChrome(cleanTitle) || isLoneLabel(cleanTitle)) && lines.length > 0) {
    const next = lines.findIndex((l) => l !== '');
    if (next < 0) break;
    const candidate = lines[next]!;
    lines = lines.slice(next + 1);
    if (isChrome(candidate) || isLoneLabel(candidate)) continue;
    cleanTitle = candidate;
  }
  const titleKey = fingerprintText(cleanTitle);

  const kept: string[] = [];
  let inLinkList = false;
  for (let line of lines) {
    if (line === '') {
      kept.push('');
      continue;
    }
    for (let span = codeSpan(line); span; span = codeSpan(line)) {
      line = `${line.slice(0, span.start)} ${line.slice(span.end)}`.trim();
    }
    if (!line) continue;
    if (LINK_LIST_HEADER.test(line)) {
      inLinkList = true;
      continue;
    }
    // The link list goes on while its lines read like headlines.
    if (inLinkList && isHeadlineLike(line)) continue;
    inLinkList = false;
    if (titleKey && fingerprintText(line) === titleKey) continue;
    if (isChrome(line) || isLoneLabel(line) || CREDIT_LINE.test(line)) continue;
    kept.push(line);
  }
  return { title: cleanTitle, body: normalizeText(kept.join('\n')) };
}
