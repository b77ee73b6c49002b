import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { ApiConfig, ConfigError, JsonLogger, loadApiConfig } from '../../../libs/config/src/index.js';
import { AppModule } from './app.module.js';
import { DomainErrorFilter } from './common/domain-error.filter.js';
import { noNulPipe } from './common/no-nul.pipe.js';
import { validationPipe } from './common/validation.js';
import { mountBullBoard } from './queues/bull-board.js';

async function bootstrap(): Promise<void> {
  let level = 'info';
  try {
    level = loadApiConfig().logLevel;
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const app = await NestFactory.create(AppModule, { logger: new JsonLogger(level, 'api') });
  app.useGlobalPipes(noNulPipe, validationPipe);
  app.useGlobalFilters(new DomainErrorFilter());
  app.enableShutdownHooks();
  app.getHttpAdapter().getInstance().set('trust proxy', 'loopback');
  const docs = new DocumentBuilder()
    .setTitle('Compute Jobs API')
    .setDescription('Run and track long compute jobs on HTCondor, DAGMan and Dask.')
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, docs));
  mountBullBoard(app);
  const config = app.get(ApiConfig);
  await app.listen(config.port, config.host);
  new Logger('Api').log(`listening on ${await app.getUrl()}`);
}

void bootstrap();
