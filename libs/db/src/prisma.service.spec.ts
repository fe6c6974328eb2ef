import { statementNames } from './prisma.service';

describe('statementNames', () => {
  it('names the same text the same way and different texts differently', () => {
    const name = statementNames();
    const a = name({ sql: 'SELECT 1' });
    expect(a).toBeDefined();
    expect(name({ sql: 'SELECT 1' })).toBe(a);
    expect(name({ sql: 'SELECT 2' })).not.toBe(a);
  });

  it('leaves full-text searches unnamed, to be planned for their words', () => {
    expect(statementNames()({ sql: 'SELECT id FROM articles a WHERE a.search @@ $1' })).toBe(
      undefined,
    );
  });

  it('stops naming new texts at the limit but keeps the names it gave', () => {
    const name = statementNames(2);
    const first = name({ sql: 'a' });
    name({ sql: 'b' });
    expect(name({ sql: 'c' })).toBeUndefined();
    expect(name({ sql: 'a' })).toBe(first);
  });
});
