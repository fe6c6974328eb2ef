import { Controller, Get, HttpException, HttpStatus, Injectable } from '@nestjs/common';

/** Tells the health endpoint when the service has finished starting. */
@Injectable()
export class Readiness {
  private ready = false;
  markReady(): void {
    this.ready = true;
  }
  get isReady(): boolean {
    return this.ready;
  }
}

@Controller('health')
export class HealthController {
  constructor(private readonly readiness: Readiness) {}

  /** Liveness: the process answers. */
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Readiness: consumers are running and dependencies connected. */
  @Get('ready')
  ready(): { status: 'ready' } {
    if (!this.readiness.isReady) {
      throw new HttpException({ status: 'starting' }, HttpStatus.SERVICE_UNAVAILABLE);
    }
    return { status: 'ready' };
  }
}
