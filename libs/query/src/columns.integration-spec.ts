import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { dropDatabase, PrismaService } from '@newsgraph/db';
import { repoRoot } from '@newsgraph/devstack';
import { ARTICLE_COLUMNS, STORY_COLUMNS } from './columns';

/**
 * The raw column lists must read exactly what Prisma's model reads (the api
 * reads pages and loaders through them): a column added to the schema and not
 * here, or a wrong alias, fails this test.
 */
describe('raw column lists', () => {
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `${url.pathname}_query_columns`;
  let prisma: PrismaService;

  beforeAll(async () => {
    execFileSync(process.execPath, [join(repoRoot(), 'tools/stack/dist/main.js'), 'migrate'], {
      env: { ...process.env, DATABASE_URL: url.toString(), NODE_NO_WARNINGS: '1' },
      stdio: 'ignore',
    });
    prisma = new PrismaService(url.toString(), { poolSize: 1 });
    await prisma.$connect();
    await prisma.source.create({ data: { id: 'src', name: 'Source', url: 'https://s.example' } });
    await prisma.story.create({
      data: {
        id: 'story',
        title: 'A story',
        firstSeenAt: new Date('2026-01-01T00:00:00.123Z'),
        lastSeenAt: new Date('2026-01-02T00:00:00Z'),
        titleRevision: 7n,
        articleCount: 2,
        sourceCount: 1,
      },
    });
    const common = {
      sourceId: 'src',
      title: 'Title',
      body: 'Body',
      contentHash: 'h',
      ingestedAt: new Date('2026-01-01T01:00:00.456Z'),
      occurredAt: new Date('2026-01-01T00:30:00Z'),
    };
    await prisma.article.create({
      data: {
        ...common,
        id: 'a1',
        externalId: 'item-1',
        url: 'https://s.example/1',
        language: 'en',
        byline: 'A. Writer',
        publishedAt: new Date('2026-01-01T00:30:00Z'),
        duplicateKind: 'unique',
        storyId: 'story',
        storyRevision: 9n,
      },
    });
    await prisma.article.create({
      data: {
        ...common,
        id: 'a2',
        duplicateKind: 'near',
        duplicateOfId: 'a1',
        similarity: 0.93,
      },
    });
  });

  afterAll(async () => {
    await prisma?.$disconnect();
    await dropDatabase(url.toString());
  });

  it('reads articles as Prisma does, without their mentions', async () => {
    const raw = await prisma.$queryRaw<unknown[]>`
      SELECT ${ARTICLE_COLUMNS} FROM articles a ORDER BY a.id`;
    const model = await prisma.article.findMany({
      omit: { mentions: true },
      orderBy: { id: 'asc' },
    });
    expect(raw).toEqual(model);
  });

  it('reads stories as Prisma does', async () => {
    const raw = await prisma.$queryRaw<unknown[]>`SELECT ${STORY_COLUMNS} FROM stories s`;
    expect(raw).toEqual(await prisma.story.findMany());
  });
});
