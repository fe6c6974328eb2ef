import type { TaskRunner } from '../report';
import { extractionTask } from './extraction';
import { linkingTask } from './linking';

/** One entry per evaluation task; each lives in its own file in this folder. */
export const TASKS: Record<string, TaskRunner> = {
  extraction: extractionTask,
  linking: linkingTask,
};
