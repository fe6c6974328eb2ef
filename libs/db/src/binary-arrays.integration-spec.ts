import { Pool } from 'pg';
import { float8Array, int4Array, int8Array, textArray } from './binary-arrays';

// What Postgres itself reads from each binary array: the encoder and array_recv agree.
describe('binary arrays (real Postgres)', () => {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 1 });
  afterAll(() => pool.end());

  const roundTrip = async (value: Buffer, type: string): Promise<string> => {
    const { rows } = await pool.query<{ v: string }>(`SELECT ($1::${type})::text AS v`, [value]);
    return rows[0]!.v;
  };

  it('reads text, integers and doubles as sent', async () => {
    expect(await roundTrip(textArray(['a"b\\c', null, '', 'Erdoğan 東京']), 'text[]')).toBe(
      '{"a\\"b\\\\c",NULL,"","Erdoğan 東京"}',
    );
    expect(await roundTrip(int4Array([1, -2, null]), 'int[]')).toBe('{1,-2,NULL}');
    expect(await roundTrip(int8Array([-(2 ** 32) - 5, Number.MAX_SAFE_INTEGER]), 'int8[]')).toBe(
      '{-4294967301,9007199254740991}',
    );
    expect(await roundTrip(float8Array([0.25, null]), 'float8[]')).toBe('{0.25,NULL}');
    expect(await roundTrip(textArray([]), 'text[]')).toBe('{}');
  });

  it('is refused when the element type is not the one cast to', async () => {
    await expect(roundTrip(int4Array([1]), 'int8[]')).rejects.toThrow(/element type/);
  });
});
