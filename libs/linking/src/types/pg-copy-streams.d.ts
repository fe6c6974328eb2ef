// The package ships no types: COPY FROM STDIN / TO STDOUT as streams for `pg`.
declare module 'pg-copy-streams' {
  import type { Readable, Writable } from 'node:stream';
  import type { Submittable } from 'pg';

  export interface CopyToStream extends Readable, Submittable {
    rowCount: number;
  }
  export interface CopyFromStream extends Writable, Submittable {
    rowCount: number;
  }
  export function to(text: string): CopyToStream;
  export function from(text: string): CopyFromStream;
}
