import { Logger } from '@nestjs/common';
import { Kafka, logLevel, type LogEntry } from 'kafkajs';
import { useNativeCrc32c } from './native-crc32c';
import { fixKafkajsRequestQueue } from './request-queue-fix';

export interface KafkaConnectionOptions {
  brokers: string[];
  clientId: string;
}

const logger = new Logger('kafkajs');

// kafkajs logs through our logger, so its messages come out as the service's JSON.
function logCreator() {
  return ({ level, log }: LogEntry) => {
    const { message, ...extra } = log;
    const line = `${message} ${JSON.stringify(extra)}`;
    if (level === logLevel.ERROR) logger.error(line);
    else if (level === logLevel.WARN) logger.warn(line);
    else if (level === logLevel.INFO) logger.log(line);
    else logger.debug(line);
  };
}

export function createKafka(options: KafkaConnectionOptions): Kafka {
  fixKafkajsRequestQueue();
  useNativeCrc32c();
  return new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    logLevel: logLevel.WARN,
    logCreator,
    retry: { initialRetryTime: 200, retries: 10 },
  });
}
