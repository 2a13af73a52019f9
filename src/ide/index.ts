import type { ApolloServerPlugin } from '@apollo/server';
import express from 'express';
import { createIdeAssetsRouter } from './ide.assets';
import { IDE_EXAMPLES, type IdeExample } from './ide.examples';
import { IDE_CONTENT_SECURITY_POLICY_HEADER } from './ide.page';
import { ideLandingPagePlugin } from './ide.plugin';

export { createIdeAssetsRouter, ideAssetUrls, IDE_ASSET_PREFIX } from './ide.assets';
export { IDE_EXAMPLES } from './ide.examples';
export type { IdeExample } from './ide.examples';
export { IDE_CONTENT_SECURITY_POLICY, renderIdePage } from './ide.page';
export { ideLandingPagePlugin } from './ide.plugin';
export type { IdeLandingPageOptions } from './ide.plugin';

export interface Ide {
  /** Apollo Server plugin: the IDE page as the landing page of `GET <endpoint>` from a browser. */
  plugin: ApolloServerPlugin;
  /** Express router: the IDE's assets under /ide/, and the page's security headers. Mount before the endpoint. */
  router: express.Router;
}

/**
 * The self-hosted GraphQL IDE (GraphiQL 3), mounted with two lines:
 * `app.use(ide.router)` (before the GraphQL middleware) and `plugins: [ide.plugin]`.
 */
export function createIde(endpoint = '/graphql', examples: IdeExample[] = IDE_EXAMPLES): Ide {
  const router = express.Router();
  router.use(createIdeAssetsRouter());
  // The page itself comes from Apollo Server (renderLandingPage can only give HTML); when a browser
  // asks for it, add the headers a meta element cannot carry. Apollo's own content-type is kept.
  router.get(endpoint, (req, res, next) => {
    if (req.accepts(['application/json', 'application/graphql-response+json', 'text/html']) === 'text/html') {
      res.setHeader('Content-Security-Policy', IDE_CONTENT_SECURITY_POLICY_HEADER);
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('Referrer-Policy', 'no-referrer');
      res.setHeader('Cache-Control', 'no-cache');
    }
    next();
  });
  return { plugin: ideLandingPagePlugin({ endpoint, examples }), router };
}
