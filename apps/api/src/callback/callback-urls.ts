import { Injectable } from '@nestjs/common';
import { ApiConfig } from '../../../../libs/config/src/index.js';
import { callbackToken } from '../../../../libs/domain/src/index.js';

/** Builds the Tethys-compatible status callback URL, signed for one job. */
@Injectable()
export class CallbackUrls {
  constructor(private readonly config: ApiConfig) {}

  statusUrl(jobId: string): string {
    return `${this.config.publicUrl}/update-job-status/${jobId}/?token=${callbackToken(this.config.callbackSecret, jobId)}`;
  }
}
