import type { TaskRunner } from '../report';
import { dedupTask } from './dedup';
import { storiesTask } from './stories';
import { extractionTask } from './extraction';
import { linkingTask } from './linking';

/** One entry per evaluation task; each lives in its own file in this folder. */
export const TASKS: Record<string, TaskRunner> = {
  dedup: dedupTask,
  stories: storiesTask,
  extraction: extractionTask,
  linking: linkingTask,
};
