import { INestApplication, Logger } from '@nestjs/common';
import { NestFactory, Reflector } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { AppModule } from './app.module';
import { checkBodyShape } from './common/body-shape';
import { bodyParserErrors, ErrorFilter } from './common/error.filter';
import { answerLongArraysInBytes } from './common/json-response';
import { buildOpenApiDocument } from './openapi/openapi-document';
import { JsonBodyGuard } from './common/json-body.guard';
import { createValidationPipe } from './common/validation';
import { AppConfig } from './config/app-config';
import { webAppFiles } from './web/web-app-files';
import { createLogger, requestLogging } from './observability/logging';
import { MetricsService } from './observability/metrics.service';

export interface CreateAppOptions {
  /** where the log lines go instead of stdout (tests read them) */
  logDestination?: DestinationStream;
}

/** Builds the whole HTTP application; used by main.ts and by the integration tests. */
export async function createApp(
  config: AppConfig,
  databaseUrl: string,
  options: CreateAppOptions = {},
): Promise<INestApplication> {
  const logger = createLogger(config, options.logDestination);
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.register(config, databaseUrl, logger),
    {
      bufferLogs: true,
      // JSON only (added below): no url-encoded parser, so an HTML form cannot post to the API
      bodyParser: false,
      cors: config.corsOrigins.length ? { origin: config.corsOrigins, credentials: true } : false,
    },
  );
  app.useLogger(app.get(PinoNestLogger));
  app.set('trust proxy', config.trustProxy);
  app.use(requestLogging(logger));
  app.use(app.get(MetricsService).middleware);
  app.disable('x-powered-by');
  // long arrays (the county's branch table) encoded element by element: the same bytes, faster
  answerLongArraysInBytes(app.getHttpAdapter().getInstance());
  app.useBodyParser('json', { limit: '1mb' });
  app.use(checkBodyShape);
  app.use(bodyParserErrors);
  app.useGlobalGuards(new JsonBodyGuard(app.get(Reflector)));
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          frameAncestors: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          // over plain http (a town office LAN) this would send every script and stylesheet to
          // https and leave a blank page: only when the app is configured as served over TLS
          upgradeInsecureRequests: config.secureCookies ? [] : null,
        },
      },
      hsts: false,
      // only over TLS (below): on plain http browsers ignore it and say so in the console
      crossOriginOpenerPolicy: false,
      referrerPolicy: { policy: 'same-origin' },
    }),
  );
  // HSTS only when served over TLS: configured (SECURE_COOKIES) or seen (req.secure, which
  // honours X-Forwarded-Proto from the trusted proxy); browsers ignore it over plain http anyway
  const hsts = helmet.strictTransportSecurity({ maxAge: 15552000, includeSubDomains: true });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (!config.secureCookies && !req.secure) return next();
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    hsts(req, res, next);
  });
  app.use(cookieParser());
  // the built web app (with its cache and compression rules) on every path but /api
  if (config.webRoot) app.use(webAppFiles(config.webRoot));
  app.setGlobalPrefix('api');
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ErrorFilter());

  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('api/docs', app, () => document, { jsonDocumentUrl: 'api/docs-json' });
  Logger.log(
    config.webRoot ? `serving the web app from ${config.webRoot}` : 'web app not built: serving the API only',
    'App',
  );
  return app;
}
