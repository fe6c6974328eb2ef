import { ConsoleLogger, type LogLevel } from '@nestjs/common';
import { currentLogFields } from './message-context';

/**
 * Nest's JSON console logger, plus the fields of the work in progress: the article
 * id(s) and trace id(s) of the messages being processed, or whatever
 * `withLogFields` added. Fields are looked up only for lines that are written.
 */
export class ContextJsonLogger extends ConsoleLogger {
  protected override getJsonLogObject(
    message: unknown,
    options: {
      context: string;
      logLevel: LogLevel;
      writeStreamType?: 'stdout' | 'stderr';
      errorStack?: unknown;
    },
  ): { level: LogLevel; pid: number; timestamp: number; message: unknown; context?: string } {
    const line = super.getJsonLogObject(message, options);
    const fields = currentLogFields();
    return fields ? { ...line, ...fields } : line;
  }
}
