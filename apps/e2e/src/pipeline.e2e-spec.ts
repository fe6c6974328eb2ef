import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConsumerGroups, groupId, topicName, Topics, type DeadLetter } from '@newsgraph/contracts';
import { Client as PgClient } from 'pg';
import {
  graphqlRequest,
  repoRoot,
  startPipeline,
  startService,
  tableChecksums,
  waitFor,
  type TestPipeline,
} from '@newsgraph/devstack';
import { importAndSettle, kafkaOf, settle } from './support';

const seedFolder = join(repoRoot(), 'data', 'sample-feed');

interface ArticleNode {
  id: string;
  title: string;
  body: string;
  source: { name: string };
  duplicateKind: string;
  mentions: { surface: string; entity: { id: string; name: string } }[];
}

describe('the pipeline, end to end, on the seed articles', () => {
  let pipeline: TestPipeline;
  let graphql: (
    query: string,
    variables?: Record<string, unknown>,
  ) => Promise<{ data?: any; errors?: any[] }>;
  let importFolder: (folder: string) => Promise<string>;
  const prefix = () => pipeline.env.TOPIC_PREFIX!;
  const databaseUrl = () => pipeline.env.DATABASE_URL!;
  const kafka = () => kafkaOf(pipeline);

  beforeAll(async () => {
    pipeline = await startPipeline('pipeline');
    graphql = (query, variables) => graphqlRequest(pipeline.graphqlUrl, query, variables);
    importFolder = (folder) => importAndSettle(pipeline, folder);
  }, 180_000);

  afterAll(async () => {
    await pipeline?.stop();
  });

  const articlesQuery = `{ articles(first: 20) { edges { node {
      id title body duplicateKind source { name }
      mentions { surface entity { id name } } } } } }`;

  it('imports the five seeds and serves them through GraphQL', async () => {
    const stdout = await importFolder(seedFolder);
    expect(stdout).toContain('imported 5 article(s)');

    const { data, errors } = await graphql(articlesQuery);
    expect(errors).toBeUndefined();
    const nodes: ArticleNode[] = data.articles.edges.map((e: { node: ArticleNode }) => e.node);
    expect(nodes).toHaveLength(5);
    // Headlines, not the page chrome some files start with ("World", "Search").
    expect(nodes.map((n) => n.title).sort()).toEqual([
      'Merkel, Macron Tell Putin They Are Ready to Facilitate Northwestern Syria De-Escalation Efforts',
      'Putin: Situation in Idleb Becoming Very Tense, and Requires Direct Dialogue With Turkish Regime',
      'The French president expressed serious concern about the situation in Idlib, Syria',
      "Turkish President Recep Tayyip Erdogan on the 21st called on the Russian President to stop the Syrian government's offensive in the northwestern Syria.",
      'Turkish, French presidents confer on Syria, Idlib',
    ]);
    const raw = readdirSync(seedFolder).map((f) => readFileSync(join(seedFolder, f), 'utf8'));
    expect(raw.some((text) => /Read More:/.test(text))).toBe(true);
    for (const article of nodes) {
      expect(article.source.name).toBe('sample-feed');
      expect(article.body.length).toBeGreaterThan(500);
      expect(article.body.startsWith(article.title)).toBe(false);
      expect(article.body).not.toMatch(/Read More:|function\s*\(|^Discuss$/m);
      expect(article.duplicateKind).toBe('unique');
    }
    // Five outlets on one event: no copies, one story.
    const grouped = await graphql(`
      {
        stories(first: 5) {
          edges {
            node {
              id
              articleCount
              sourceCount
              articles(first: 10) {
                edges {
                  node {
                    id
                  }
                }
              }
            }
          }
        }
      }
    `);
    expect(grouped.errors).toBeUndefined();
    expect(grouped.data.stories.edges).toHaveLength(1);
    expect(grouped.data.stories.edges[0].node).toMatchObject({ articleCount: 5 });
    expect(
      grouped.data.stories.edges[0].node.articles.edges
        .map((e: { node: { id: string } }) => e.node.id)
        .sort(),
    ).toEqual(nodes.map((n) => n.id).sort());
    // Every spelling of Macron in the seeds lands on one entity.
    const macron = nodes.flatMap((n) => n.mentions).filter((m) => m.entity.id === 'Q3052772');
    expect(new Set(macron.map((m) => m.surface.toLowerCase()))).toEqual(
      new Set(['markron', 'makron', 'macron', 'emmanuel macron', 'emanuelle macron']),
    );
    // So does every spelling of Idlib and of Erdoğan, each on one entity of its own.
    const mentions = nodes.flatMap((n) => n.mentions);
    for (const pattern of [/^idl[ie]b$/i, /^(recep tayyip )?erdo[gğ]an$/i]) {
      const found = mentions.filter((m) => pattern.test(m.surface));
      expect(found.length).toBeGreaterThan(1);
      expect(new Set(found.map((m) => m.entity.id)).size).toBe(1);
    }
    expect(
      new Set(mentions.filter((m) => /^idl[ie]b$/i.test(m.surface)).map((m) => m.surface)),
    ).toEqual(new Set(['Idlib', 'Idleb']));

    const article = await graphql(
      `
        query ($id: ID!) {
          article(id: $id) {
            title
            source {
              name
            }
          }
        }
      `,
      { id: nodes[0]!.id },
    );
    expect(article.data.article.title).toBe(nodes[0]!.title);

    const entities = await graphql(`
      {
        entities(first: 5) {
          edges {
            node {
              id
              name
              articleCount
            }
          }
        }
      }
    `);
    expect(entities.data.entities.edges[0].node.articleCount).toBeGreaterThanOrEqual(4);
    const stories = await graphql(`
      {
        stories {
          edges {
            node {
              id
              title
              articleCount
            }
          }
        }
      }
    `);
    expect(stories.data.stories.edges.length).toBeGreaterThan(0);
  });

  it('changes nothing when the same folder is imported again', async () => {
    const before = await tableChecksums(databaseUrl());
    expect(before.articles!.rows).toBe(5);
    const stdout = await importFolder(seedFolder);
    expect(stdout).toContain('imported 5 article(s)');
    expect(await tableChecksums(databaseUrl())).toEqual(before);
  });

  it('rebuilds the same database when the projector replays its topics from the start', async () => {
    const before = await tableChecksums(databaseUrl());
    const index = pipeline.services.findIndex((s) => s.name === 'projector');
    await pipeline.services[index]!.stop();
    const client = new PgClient({ connectionString: databaseUrl() });
    await client.connect();
    await client.query(
      'TRUNCATE article_entities, entity_aliases, entities, articles, stories, sources, story_moves',
    );
    await client.end();
    const admin = kafka().admin();
    await admin.connect();
    for (const [group, topic] of [
      [ConsumerGroups.projector, Topics.articleEnriched],
      [ConsumerGroups.projectorStoryMoves, Topics.storyMoves],
    ] as const)
      await admin.resetOffsets({
        groupId: groupId(group, prefix()),
        topic: topicName(topic, prefix()),
        earliest: true,
      });
    await admin.disconnect();
    pipeline.services[index] = await startService('projector', pipeline.env);
    await settle(pipeline);
    expect(await tableChecksums(databaseUrl())).toEqual(before);
  });

  it('marks an exact copy from another source as a duplicate of the first', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'ng-copy-'));
    const seed = readdirSync(seedFolder).sort()[2]!;
    copyFileSync(join(seedFolder, seed), join(folder, 'copy.txt'));
    await importFolder(folder);
    const { data } = await graphql(articlesQuery);
    const nodes: ArticleNode[] = data.articles.edges.map((e: { node: ArticleNode }) => e.node);
    expect(nodes).toHaveLength(6);
    const copy = nodes.find((n) => n.duplicateKind === 'exact');
    expect(copy).toBeDefined();
    expect(copy!.source.name).toMatch(/^ng-copy-/);
  });

  it('skips bad files with reasons, and dead-letters a schema-invalid message while going on', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'ng-bad-'));
    writeFileSync(join(folder, 'empty.txt'), '');
    writeFileSync(join(folder, 'binary.txt'), Buffer.from([0x89, 0x50, 0x00, 0x01]));
    writeFileSync(join(folder, 'latin1.txt'), Buffer.from('Caf\xe9 title\n\nBody', 'latin1'));
    writeFileSync(
      join(folder, 'good.txt'),
      'A good title\n\nA body that is fine and long enough to keep.',
    );
    const producer = kafka().producer();
    await producer.connect();
    await producer.send({
      topic: topicName(Topics.articleRaw, prefix()),
      messages: [{ key: 'bad', value: JSON.stringify({ schemaVersion: 1, title: 'no id' }) }],
    });
    await producer.disconnect();

    const stdout = await importFolder(folder);
    expect(stdout).toContain('imported 1 article(s)');
    expect(stdout).toContain('skipped binary.txt: binary file (contains NUL bytes)');
    expect(stdout).toContain('skipped empty.txt: empty file');
    expect(stdout).toContain('skipped latin1.txt: not valid UTF-8');

    const { data } = await graphql(articlesQuery);
    expect(data.articles.edges.map((e: { node: ArticleNode }) => e.node.title)).toContain(
      'A good title',
    );

    const letters: DeadLetter[] = [];
    const consumer = kafka().consumer({ groupId: `${prefix()}e2e-dlq-reader` });
    await consumer.connect();
    await consumer.subscribe({
      topic: topicName(Topics.deadLetter, prefix()),
      fromBeginning: true,
    });
    await consumer.run({
      eachMessage: async ({ message }) => void letters.push(JSON.parse(message.value!.toString())),
    });
    await waitFor('the dead letter', () => (letters.length > 0 ? true : undefined));
    await consumer.disconnect();
    expect(letters[0]!.reason).toBe('contract-violation');
    expect(letters[0]!.sourceTopic).toBe(topicName(Topics.articleRaw, prefix()));
    expect(letters[0]!.error.message).toMatch(/articleId/);
  });

  it('answers a bad request with a precise GraphQL error', async () => {
    const tooMany = await graphql(`
      {
        articles(first: 1000) {
          edges {
            cursor
          }
        }
      }
    `);
    expect(tooMany.errors?.[0]).toMatchObject({
      message: 'first: must be at most 100',
      extensions: { code: 'BAD_USER_INPUT', argument: 'first' },
    });
    const badCursor = await graphql(`
      {
        articles(after: "nope") {
          edges {
            cursor
          }
        }
      }
    `);
    expect(badCursor.errors?.[0].message).toBe('after: is not a cursor returned by this API');
  });
});
