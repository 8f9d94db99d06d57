import Fastify, { type FastifyInstance } from 'fastify';
import { MAX_PUSH_BYTES } from '../../src/shared/protocol/messages';
import { createContext, type AppDeps } from './context';
import { counterOf } from './dashboard/counter';
import { installRequestsInFlight } from './http/requests-in-flight';
import { installAuthFirst } from './http/auth-first';
import { installBodyDeadlines } from './http/body-deadlines';
import { installCompression } from './http/compress';
import { installDenialAudit } from './http/audit-denials';
import { installErrorHandler } from './http/error-handler';
import { installGzipBodies } from './http/gzip-body';
import { installJsonBodies } from './http/json-body';
import { installNoStore } from './http/no-store';
import { installOverload } from './http/overload';
import { installRateLimits } from './http/rate-limits';
import { installSecurityHeaders } from './http/security-headers';
import { installStaticFiles } from './http/static-files';
import { adminAuditRoutes } from './routes/admin-audit';
import { adminCalendarRoutes } from './routes/admin-calendar';
import { countyCaseStepRoutes } from './routes/county-case-steps';
import { countyCaseRoutes } from './routes/county-cases';
import { countyCaseDecisionRoutes } from './routes/county-cases-decide';
import { adminDeviceRoutes } from './routes/admin-devices';
import { adminRecordRoutes } from './routes/admin-records';
import { adminReferenceRoutes } from './routes/admin-reference';
import { adminUserRoutes } from './routes/admin-users';
import { attachmentRoutes } from './routes/attachments';
import { authRoutes } from './routes/auth';
import { clientAuditRoutes } from './routes/client-audit';
import { divisionRoutes } from './routes/divisions';
import { flagRoutes } from './routes/flags';
import { reliefCorrectionRoutes } from './routes/relief-corrections';
import { healthRoutes } from './routes/health';
import { reportRoutes } from './routes/reports';
import { dashboardRoutes } from './routes/dashboard';
import { syncRoutes } from './routes/sync';
import { tabletHealthRoutes } from './routes/tablet-health';
import { handoverRoutes } from './routes/handover';

export type { AppDeps } from './context';

/**
 * Builds the HTTP application; never listens (main.ts does; tests use app.inject()).
 * The caller owns the store: close the app, then the store.
 */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const ctx = createContext(deps);
  const app = Fastify({
    // Off by default. When on, requests are logged by method, path and status only: never bodies or
    // query strings, which could carry personal data (privacy.md §6).
    logger: ctx.config.logLevel
      ? {
          level: ctx.config.logLevel,
          serializers: {
            req: (req) => ({ method: req.method, path: req.url.split('?')[0] }),
            res: (res) => ({ statusCode: res.statusCode }),
          },
        }
      : false,
    bodyLimit: MAX_PUSH_BYTES,
    trustProxy: ctx.config.trustProxy,
    // Slow clients (SPEC E4): Node's own header and keep-alive deadlines; bodies are held to a minimum
    // rate instead of one total deadline (http/body-deadlines.ts), the request timeout is a backstop.
    keepAliveTimeout: ctx.config.keepAliveTimeoutSeconds * 1000,
    requestTimeout: ctx.config.requestTimeoutSeconds * 1000,
    http: {
      headersTimeout: ctx.config.headersTimeoutSeconds * 1000,
      // Node checks the header deadline on this interval (default 30 s): a short deadline needs a short one.
      connectionsCheckingInterval: Math.min(30_000, Math.max(100, (ctx.config.headersTimeoutSeconds * 1000) / 4)),
    },
  });
  app.decorateRequest('auth', null);
  // SPEC D9: the counter pauses between its batches while requests are being served (the first hook, so every request counts).
  const inFlight = installRequestsInFlight(app);
  counterOf(deps.store).serving = () => inFlight() > 0;

  installErrorHandler(app);
  installJsonBodies(app);
  installGzipBodies(app);
  await installSecurityHeaders(app);
  // Order matters (issue 11): shed on event-loop lag, then an address that keeps failing, then the token
  // (auth-first, before any body), then per-account budget, then the push slot, then the body.
  await installOverload(app, ctx.config);
  const limits = await installRateLimits(app, ctx);
  installAuthFirst(app, limits);
  installBodyDeadlines(app, ctx.config);
  installDenialAudit(app, ctx);
  installNoStore(app);
  installCompression(app);

  healthRoutes(app, ctx);
  authRoutes(app, ctx, limits);
  syncRoutes(app, ctx);
  adminUserRoutes(app, ctx);
  adminDeviceRoutes(app, ctx);
  adminReferenceRoutes(app, ctx);
  adminRecordRoutes(app, ctx);
  adminAuditRoutes(app, ctx);
  clientAuditRoutes(app, ctx, limits);
  reportRoutes(app, ctx);
  dashboardRoutes(app, ctx);
  flagRoutes(app, ctx);
  reliefCorrectionRoutes(app, ctx);
  divisionRoutes(app, ctx);
  tabletHealthRoutes(app, ctx);
  // Issue 15: the working-day calendar, case policies, and the county's case steps.
  adminCalendarRoutes(app, ctx);
  countyCaseStepRoutes(app, ctx);
  countyCaseRoutes(app, ctx);
  countyCaseDecisionRoutes(app, ctx);
  await attachmentRoutes(app, ctx);
  await handoverRoutes(app, ctx); // issue 17: hand-over files (SPEC F1–F11)
  await installStaticFiles(app, ctx.config.staticDir);
  return app;
}
