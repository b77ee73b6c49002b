import { Controller, Get, Headers, Param, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { ViewLinkProblem, ViewLinkRefused, VIEW_LINK_PROBLEMS, ViewTokens } from '../auth/view-tokens.service.js';
import { setPageHeaders } from './page-headers.js';
import { Asset, loadAssets } from './static-assets.js';

/** Fixed texts only: nothing from the request is echoed into HTML. */
function messagePage(title: string, message: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title><link rel="icon" href="data:,"><link rel="stylesheet" href="../../static/jobs-table.css"></head>
<body><main class="message-page" role="alert"><h1>${title}</h1><p>${message}</p></main></body></html>
`;
}

const TITLES: Record<ViewLinkProblem, string> = {
  expired: 'Link expired',
  invalid: 'Link not valid',
  revoked: 'Link revoked',
};

/**
 * The jobs table page: served only for a valid view link, so an expired or
 * tampered link gets a message and never data. Its files are static.
 */
@ApiExcludeController()
@Controller('ui')
export class JobsPageController {
  private readonly assets: Map<string, Asset> = loadAssets();

  constructor(private readonly tokens: ViewTokens) {}

  @Get('apps/:app/jobs')
  async page(@Param('app') app: string, @Query('token') token: unknown, @Res() res: Response): Promise<void> {
    let frameAncestors: string[] = [];
    try {
      const claims = await this.tokens.check(token);
      if (claims.app !== app) throw new ViewLinkRefused('invalid');
      frameAncestors = (claims.table?.frameAncestors as string[] | undefined) ?? [];
    } catch (err) {
      if (!(err instanceof ViewLinkRefused)) throw err;
      setPageHeaders(res);
      const { status, message } = VIEW_LINK_PROBLEMS[err.problem];
      res.status(status).type('html').send(messagePage(TITLES[err.problem], message));
      return;
    }
    setPageHeaders(res, frameAncestors);
    const page = this.assets.get('jobs.html')!;
    res.status(200).type(page.type).send(page.body);
  }

  @Get('static/:file')
  asset(@Param('file') file: string, @Headers('if-none-match') etag: string | undefined, @Res() res: Response): void {
    const asset = file.endsWith('.html') ? undefined : this.assets.get(file);
    if (!asset) {
      res.status(404).json({ statusCode: 404, message: `no page file "${file}"` });
      return;
    }
    res.set({ 'Content-Type': asset.type, ETag: asset.etag, 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff' });
    if (etag === asset.etag) res.status(304).end();
    else res.status(200).send(asset.body);
  }
}
