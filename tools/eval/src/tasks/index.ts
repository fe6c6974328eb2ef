import type { TaskRunner } from '../report';
import { extractionTask } from './extraction';

/** One entry per evaluation task; each lives in its own file in this folder. */
export const TASKS: Record<string, TaskRunner> = {
  extraction: extractionTask,
};
