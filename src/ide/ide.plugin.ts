import type { ApolloServerPlugin } from '@apollo/server';
import { IDE_EXAMPLES, type IdeExample } from './ide.examples';
import { renderIdePage } from './ide.page';

export interface IdeLandingPageOptions {
  /** The GraphQL endpoint the IDE POSTs to: a path on this service. Default `/graphql`. */
  endpoint?: string;
  /** The tabs the IDE opens with. Default IDE_EXAMPLES. */
  examples?: IdeExample[];
}

/**
 * Serves our self-hosted GraphiQL (see ide.page.ts) as Apollo Server's landing page, i.e. for a
 * browser's `GET /graphql`. Because this plugin implements renderLandingPage, Apollo Server drops
 * its implicitly installed default landing page (which loads Apollo's embedded sandbox from a CDN):
 * of several renderLandingPage plugins, the implicitly installed ones are discarded.
 */
export function ideLandingPagePlugin(options: IdeLandingPageOptions = {}): ApolloServerPlugin {
  const endpoint = options.endpoint ?? '/graphql';
  const examples = options.examples ?? IDE_EXAMPLES;
  return {
    async serverWillStart() {
      const html = renderIdePage({ endpoint, examples });
      return {
        async renderLandingPage() {
          return { html };
        },
      };
    },
  };
}
