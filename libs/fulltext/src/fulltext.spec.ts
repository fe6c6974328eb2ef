import {
  InvalidSearchError,
  MAX_QUERY_WORDS,
  searchQuery,
  searchVector,
  searchVectorBinary,
  words,
} from './index';

/** tsvector literal -> lexeme -> positions, for assertions. */
function parse(vector: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const m of vector.matchAll(/'((?:[^']|'')*)':([0-9AB,]+)/g)) {
    out.set(m[1]!.replace(/''/g, "'"), m[2]!.split(','));
  }
  return out;
}

describe('words', () => {
  it('splits on punctuation, apostrophes and hyphens, lower-cased', () => {
    expect(words('Covid-19 isn’t over, said O’Brien (AFP).')).toEqual([
      'covid',
      '19',
      'isn',
      't',
      'over',
      'said',
      'o',
      'brien',
      'afp',
    ]);
  });

  it('keeps letters of every script and their combining marks', () => {
    expect(words('Erdoğan и Путин; Ελλάδα 東京都')).toEqual([
      'erdoğan',
      'и',
      'путин',
      'ελλάδα',
      '東京都',
    ]);
  });

  it('skips runs too long to be words', () => {
    expect(words(`a ${'x'.repeat(101)} b`)).toEqual(['a', 'b']);
  });
});

describe('searchVector', () => {
  it('stems in the article language, title weighted A before body B', () => {
    const v = parse(searchVector('Ministers meet', 'The minister met ministers.', 'en'));
    expect(v.get('minist')).toEqual(['1A', '4B', '6B']);
    expect(v.get('meet')).toEqual(['2A']);
    expect(v.get('the')).toEqual(['3B']);
  });

  it('uses the language stemmer, and none for a language without one', () => {
    expect(parse(searchVector('', 'Regierungen', 'de')).has('regier')).toBe(true);
    expect(parse(searchVector('', 'Regierungen', 'de-AT')).has('regier')).toBe(true);
    expect(parse(searchVector('', 'jumping', 'ja')).has('jumping')).toBe(true);
    expect(parse(searchVector('', 'jumping', null)).has('jump')).toBe(true);
  });

  it('indexes a name with diacritics also without them, at the same position', () => {
    const v = parse(searchVector('', 'Erdoğan spoke', 'en'));
    expect(v.get('erdoğan')).toEqual(['1B']);
    expect(v.get('erdogan')).toEqual(['1B']);
  });

  it('quotes what the tsvector syntax needs quoted', () => {
    expect(searchVector('', 'back\\slash', 'xx')).toBe("'back':1B 'slash':2B");
    expect(searchVector('', '', 'en')).toBe('');
  });

  it("stays inside Postgres's limits on positions", () => {
    const v = parse(searchVector('', 'word '.repeat(20_000), 'xx'));
    expect(v.get('word')).toHaveLength(256);
    const far = parse(searchVector('', `${'a '.repeat(17_000)}end`, 'xx'));
    expect(far.get('end')).toEqual(['16383B']);
  });
});

describe('searchQuery', () => {
  it('matches any language stem, the word itself and its plain form', () => {
    const q = searchQuery('Ministers');
    expect(q).toContain("'minist'");
    expect(q).toContain("'ministers'");
    expect(searchQuery('Erdoğan')).toContain("'erdogan'");
  });

  it('never makes an empty lexeme, which Postgres refuses', () => {
    expect(searchQuery("O'Brien")).not.toContain("''");
    expect(searchVector('', 'o a i y', 'en')).not.toContain("''");
  });

  it('reads web-search syntax: phrases, or, excluded words', () => {
    expect(searchQuery('"talks resume"')).toMatch(/^\( .*'talk'.* <-> .*'resum'.* \)$/);
    const q = searchQuery('ceasefire talks or negotiations -war');
    const clauses = q.split(' & ');
    expect(clauses).toHaveLength(3);
    expect(clauses[1]).toMatch(/'talk'.* \| .*'negoti/);
    expect(clauses[2]).toBe("!'war'");
  });

  it('finds what searchVector indexed, whatever the forms', () => {
    const vector = parse(searchVector('Erdoğan meets ministers', 'covid-19 talks', 'en'));
    for (const query of ['erdogan', 'Minister', 'COVID-19', 'talking']) {
      const alternatives = [...searchQuery(query).matchAll(/'([^']+)'/g)].map((m) => m[1]!);
      expect(alternatives.some((lexeme) => vector.has(lexeme))).toBe(true);
    }
  });

  it('refuses queries with nothing to search or only exclusions, and long ones', () => {
    expect(() => searchQuery('  "" ... ')).toThrow(InvalidSearchError);
    expect(() => searchQuery('-war -storm')).toThrow('at least one word that is not excluded');
    expect(() =>
      searchQuery(Array.from({ length: MAX_QUERY_WORDS + 1 }, (_, i) => `w${i}`).join(' ')),
    ).toThrow(`at most ${MAX_QUERY_WORDS} words`);
  });
});

/** Reads tsvector's binary format back into lexeme -> 'position+weight' strings. */
function readBinary(buffer: Buffer): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let at = 4;
  for (let n = buffer.readInt32BE(0); n > 0; n--) {
    const end = buffer.indexOf(0, at);
    const lexeme = buffer.toString('utf8', at, end);
    at = end + 1;
    const count = buffer.readUInt16BE(at);
    at += 2;
    const list: string[] = [];
    for (let i = 0; i < count; i++, at += 2) {
      const word = buffer.readUInt16BE(at);
      list.push(`${word & 0x3fff}${'DCBA'[word >> 14]}`);
    }
    out.set(lexeme, list);
  }
  expect(at).toBe(buffer.length);
  return out;
}

describe('searchVectorBinary', () => {
  it('holds the same lexemes, positions and weights as the text form', () => {
    const cases: [string, string, string | null][] = [
      ["Erdoğan's talks", 'Ministers met ministers in 東京都; a path C:\\temp.', 'en'],
      ['Regierungen', 'Die Regierungen verhandelten.', 'de'],
      ['', '', 'en'],
    ];
    for (const [title, body, language] of cases) {
      const text = searchVector(title, body, language);
      const fromText = new Map<string, string[]>(
        text === ''
          ? []
          : text.split(' ').map((entry) => {
              const cut = entry.lastIndexOf(':');
              const lexeme = entry
                .slice(1, cut - 1)
                .replace(/''/g, "'")
                .replace(/\\\\/g, '\\');
              return [lexeme, entry.slice(cut + 1).split(',')];
            }),
      );
      expect(readBinary(searchVectorBinary(title, body, language))).toEqual(fromText);
    }
  });
});
