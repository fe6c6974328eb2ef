/** What the global setup started, for the global teardown (same process). */
export interface TestState {
  startedLocalKafka: boolean;
  containers: { stop(): Promise<unknown> }[];
  databaseUrl: string;
}

const key = Symbol.for('newsgraph.test-state');
type WithState = typeof globalThis & { [key]?: TestState };

export const testState = {
  set(state: TestState): void {
    (globalThis as WithState)[key] = state;
  },
  get(): TestState | undefined {
    return (globalThis as WithState)[key];
  },
};
