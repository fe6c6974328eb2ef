import {
  ContextJsonLogger,
  currentLogFields,
  startProcessSpan,
  withLogFields,
  withMessages,
} from './index';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const span = (key: string, trace = TRACE) =>
  startProcessSpan(
    { topic: 't', partition: 0, offset: '1', group: 'g', key },
    { traceparent: `00-${trace}-00f067aa0ba902b7-01` },
  );

describe('log fields of the work in progress', () => {
  let written: string[];
  let write: jest.SpyInstance;
  beforeEach(() => {
    written = [];
    write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
      written.push(String(chunk));
      return true;
    });
  });
  afterEach(() => write.mockRestore());

  const logger = () => new ContextJsonLogger('svc', { json: true, logLevels: ['log', 'warn'] });
  const lines = () => written.map((l) => JSON.parse(l) as Record<string, unknown>);

  it('adds the article id and trace id of the message being handled to JSON lines', async () => {
    const s = span('a'.repeat(32));
    await withMessages([{ key: 'a'.repeat(32), span: s }], 'articleId', async () => {
      await Promise.resolve();
      logger().log('projected');
    });
    logger().log('outside');
    const [inside, outside] = lines();
    expect(inside).toMatchObject({
      level: 'log',
      context: 'svc',
      message: 'projected',
      articleId: 'a'.repeat(32),
      traceId: TRACE,
      spanId: s.spanContext().spanId,
    });
    expect(outside).not.toHaveProperty('traceId');
    expect(outside).not.toHaveProperty('articleId');
  });

  it('lists every article and trace of a batch, aligned', () => {
    const other = 'c'.repeat(32);
    withMessages(
      [
        { key: 'a', span: span('a') },
        { key: 'b', span: span('b', other) },
      ],
      'articleId',
      () => logger().warn('slow batch'),
    );
    expect(lines()[0]).toMatchObject({
      level: 'warn',
      articleIds: ['a', 'b'],
      traceIds: [TRACE, other],
      messageCount: 2,
    });
  });

  it('adds fields given by hand, inner over outer', () => {
    withLogFields({ feed: 'f1', attempt: 1 }, () =>
      withLogFields({ attempt: 2 }, () => logger().log('polled')),
    );
    expect(lines()[0]).toMatchObject({ message: 'polled', feed: 'f1', attempt: 2 });
    expect(currentLogFields()).toBeUndefined();
  });
});
