/**
 * Recognisers for the lines pages put around a story: datelines, bylines,
 * calls to action, "more stories" headings. They are applied at the edges of
 * the extracted text only, where such lines sit; inside the story a short
 * line is usually a subheading.
 */

const DATE_WORD =
  /^(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*$|^(mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*$|^(am|pm|a\.m|p\.m|est|edt|cst|cdt|pst|pdt|mst|mdt|et|pt|ct|gmt|utc|bst|cet|cest|ist|hkt|jst|aest|updated|published|posted|modified|original|originally|last|on|at|by|of|de|do|le|um|den)$/i;
const NUMERIC = /^\d[\d:./-]*(st|nd|rd|th|h)?$/i;

/** "Updated 5:27 am CST, Wednesday, November 20, 2019", "05.10.2018 | 14:35". */
export function isDateLine(text: string): boolean {
  const tokens = text
    .split(/[\s|,/·•–—()[\];]+/)
    .map((t) => t.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
    .filter(Boolean);
  if (tokens.length === 0 || tokens.length > 14) return false;
  let numeric = 0;
  let other = 0;
  for (const t of tokens) {
    if (NUMERIC.test(t)) numeric++;
    else if (!DATE_WORD.test(t)) other++;
  }
  return numeric > 0 && other <= Math.max(1, Math.floor(tokens.length / 4));
}

/** "By Jane Doe", "Posted by admin", a lone "By". */
export function isBylineLine(text: string): boolean {
  const words = text.split(/\s+/);
  return (
    words.length <= 8 &&
    /^(by|posted by|written by|words by|von|par|por|di|door)(\s|:|$)/i.test(text)
  );
}

const CALL_TO_ACTION =
  /\b(follow (us|him|her|them|our)\b|follow @|follow\b.{0,60}\bon (twitter|facebook|instagram|linkedin|youtube|tiktok)|sign up|subscribe|newsletter|join (our|us|the conversation)|chat with us|download (our|the) app|(e-?mail|contact) (us|him|her)|if you (enjoyed|liked|value)|support (our|us)|become a (member|subscriber|supporter)|share (this|it) with|like this (story|article))\b/i;

/** "Follow us on Twitter", "Sign up for our newsletter": the page talking, not the story. */
export function isCallToAction(text: string): boolean {
  return text.length < 400 && CALL_TO_ACTION.test(text);
}

const MORE_STORIES =
  /^(more|related|recommended|read (more|also|next)|see also|also (read|see)|you (may|might) (also )?like|most (read|popular|viewed)|trending|further reading|more from|top stories|don'?t miss|latest|popular|what to read next)\b/i;

/** "More Great WIRED Stories", "You may also like...": the heading of a list of other stories. */
export function isMoreStoriesHeading(text: string): boolean {
  return text.length <= 60 && !/(^|[^.])[.!?]$/.test(text) && MORE_STORIES.test(text);
}

const COMMENTS =
  /^(\d+\s+)?(comments?|responses?|replies|reader comments|leave a (reply|comment)|post a comment|add a comment|join the discussion|discussion|kommentare|commentaires|comentarios|comentários|commenti|комментарии)\b/i;

/** "12 Responses", "Leave a Reply": where the readers' thread starts. */
export function isCommentsHeading(text: string): boolean {
  return text.length <= 40 && !/(^|[^.])[.!?]$/.test(text) && COMMENTS.test(text);
}
