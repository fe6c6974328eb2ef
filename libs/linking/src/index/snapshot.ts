import { open, readFile } from 'node:fs/promises';
import { EdgeTable } from './int-list';
import { KnowledgeIndex, type IndexParts } from './knowledge-index';

/**
 * A built index written as one binary file: typed arrays as they are in memory,
 * string tables as NUL-separated UTF-8. Loading it is reading the file and
 * rebuilding three hash maps, seconds for millions of entities, where building
 * from records means parsing and tokenising every name again.
 */
const MAGIC = 'NGKB1\n';

type Section = Int32Array | Uint8Array | Float32Array | string[];
interface SectionInfo {
  name: string;
  kind: 'i32' | 'u8' | 'f32' | 'strings';
  offset: number;
  bytes: number;
}

function sections(p: Readonly<IndexParts>): [string, Section][] {
  const edges = p.edges.arrays();
  const phoneticKeys = [...p.phoneticHead.keys()];
  return [
    ['ids', p.ids],
    ['names', p.names],
    ['types', p.types],
    ['popularity', p.popularity],
    ['tokens', p.tokens],
    ['edgeSlots', edges.slots],
    ['postStart', p.postStart],
    ['postEntity', p.postEntity],
    ['postFlags', p.postFlags],
    ['partStart', p.partStart],
    ['partEntity', p.partEntity],
    ['partFlags', p.partFlags],
    ['partTotal', p.partTotal],
    ['ctxStart', p.ctxStart],
    ['ctxToken', p.ctxToken],
    ['contextDf', p.contextDf],
    ['phoneticKeys', phoneticKeys],
    ['phoneticHeads', Int32Array.from(phoneticKeys, (k) => p.phoneticHead.get(k)!)],
    ['phoneticNext', p.phoneticNext],
  ];
}

const kindOf = (s: Section): SectionInfo['kind'] =>
  Array.isArray(s)
    ? 'strings'
    : s instanceof Int32Array
      ? 'i32'
      : s instanceof Float32Array
        ? 'f32'
        : 'u8';

export function isSnapshot(head: Buffer): boolean {
  return head.subarray(0, MAGIC.length).toString('latin1') === MAGIC;
}

/** The index in the snapshot format, as a list of buffers to write one after another. */
export function snapshotChunks(index: KnowledgeIndex): Buffer[] {
  const p = index.parts();
  const parts = sections(p);
  const bodies: Buffer[] = [];
  const infos: SectionInfo[] = [];
  let offset = 0;
  for (const [name, data] of parts) {
    const body = Array.isArray(data)
      ? Buffer.from(data.join('\0'), 'utf8')
      : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    infos.push({ name, kind: kindOf(data), offset, bytes: body.length });
    bodies.push(body);
    const padded = Math.ceil(body.length / 8) * 8;
    if (padded > body.length) bodies.push(Buffer.alloc(padded - body.length));
    offset += padded;
  }
  const header = Buffer.from(
    JSON.stringify({
      nodeCount: p.nodeCount,
      nameCount: p.nameCount,
      edgeSize: p.edges.arrays().size,
      sections: infos,
    }),
  );
  // Magic, header length (8 digits), header, padding: the sections start 8-aligned.
  const prefix = `${MAGIC}${String(header.length).padStart(8, '0')}`;
  const headerEnd = prefix.length + header.length;
  const pad = Buffer.alloc(Math.ceil(headerEnd / 8) * 8 - headerEnd);
  return [Buffer.from(prefix, 'latin1'), header, pad, ...bodies];
}

/** Writes the index to `path`. */
export async function saveSnapshot(index: KnowledgeIndex, path: string): Promise<void> {
  const file = await open(path, 'w');
  try {
    for (const chunk of snapshotChunks(index)) await file.write(chunk);
  } finally {
    await file.close();
  }
}

/** Reads an index written by `saveSnapshot`. */
export async function loadSnapshot(path: string): Promise<KnowledgeIndex> {
  return snapshotFromBytes(await readFile(path), path);
}

/**
 * The index in a snapshot's bytes (`snapshotChunks` concatenated). The typed
 * arrays are views of `buffer` when its sections are 8-aligned in memory (a
 * buffer of its own, as large file reads are), else of a copy.
 */
export function snapshotFromBytes(buffer: Buffer, path = 'snapshot'): KnowledgeIndex {
  if (!isSnapshot(buffer)) throw new Error(`${path}: not a knowledge-index snapshot`);
  const headerLength = Number(buffer.toString('latin1', MAGIC.length, MAGIC.length + 8));
  const headerStart = MAGIC.length + 8;
  const header = JSON.parse(buffer.toString('utf8', headerStart, headerStart + headerLength)) as {
    nodeCount: number;
    nameCount: number;
    edgeSize: number;
    sections: SectionInfo[];
  };
  const base = Math.ceil((headerStart + headerLength) / 8) * 8;
  // Typed arrays need aligned memory: views of the buffer when it is, else a copy.
  let body: ArrayBufferLike;
  let origin: number;
  if ((buffer.byteOffset + base) % 8 === 0) {
    body = buffer.buffer;
    origin = buffer.byteOffset + base;
  } else {
    body = new ArrayBuffer(buffer.length - base);
    new Uint8Array(body).set(buffer.subarray(base));
    origin = 0;
  }
  const get = (name: string) => {
    const s = header.sections.find((x) => x.name === name);
    if (!s) throw new Error(`${path}: section ${name} missing`);
    if (base + s.offset + s.bytes > buffer.length) throw new Error(`${path}: truncated`);
    return { ...s, offset: origin + s.offset };
  };
  const i32 = (name: string) => {
    const s = get(name);
    return new Int32Array(body, s.offset, s.bytes / 4);
  };
  const u8 = (name: string) => {
    const s = get(name);
    return new Uint8Array(body, s.offset, s.bytes);
  };
  const f32 = (name: string) => {
    const s = get(name);
    return new Float32Array(body, s.offset, s.bytes / 4);
  };
  const strings = (name: string) => {
    const s = get(name);
    return s.bytes === 0 ? [] : Buffer.from(body, s.offset, s.bytes).toString('utf8').split('\0');
  };
  const ids = strings('ids');
  const tokens = strings('tokens');
  const phoneticKeys = strings('phoneticKeys');
  const heads = i32('phoneticHeads');
  const phoneticHead = new Map<string, number>();
  for (let k = 0; k < phoneticKeys.length; k++) phoneticHead.set(phoneticKeys[k]!, heads[k]!);
  return new KnowledgeIndex({
    ids,
    names: strings('names'),
    types: u8('types'),
    popularity: f32('popularity'),
    tokens,
    // Edge triples; snapshots written before them have three arrays.
    edges: header.sections.some((x) => x.name === 'edgeSlots')
      ? EdgeTable.fromSlots(i32('edgeSlots'), header.edgeSize)
      : EdgeTable.fromArrays(
          i32('edgeParents'),
          i32('edgeTokens'),
          i32('edgeChildren'),
          header.edgeSize,
        ),
    nodeCount: header.nodeCount,
    postStart: i32('postStart'),
    postEntity: i32('postEntity'),
    postFlags: u8('postFlags'),
    partStart: i32('partStart'),
    partEntity: i32('partEntity'),
    partFlags: u8('partFlags'),
    partTotal: i32('partTotal'),
    ctxStart: i32('ctxStart'),
    ctxToken: i32('ctxToken'),
    contextDf: i32('contextDf'),
    phoneticHead,
    phoneticNext: i32('phoneticNext'),
    nameCount: header.nameCount,
  });
}
