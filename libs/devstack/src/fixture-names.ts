/** Names the fixture knowledge base knows: synthetic articles mention them so the linker finds something. */
export const FIXTURE_KB_NAMES = [
  'Vladimir Putin',
  'Emmanuel Macron',
  'Recep Tayyip Erdogan',
  'Angela Merkel',
  'Syria',
  'Russia',
  'Turkey',
  'Idlib',
  'France',
  'Germany',
] as const;
