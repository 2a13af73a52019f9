import { ideAssetUrls } from './ide.assets';
import type { IdeExample } from './ide.examples';

/**
 * The Content-Security-Policy of the IDE page: everything from this service only. No inline script
 * (the page's configuration is a JSON data block, read by our own /ide/ script), no eval, no
 * inline style; fonts and the few icons of GraphiQL's stylesheet are data: URIs.
 */
export const IDE_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** What the HTTP header adds to the page's meta policy (directives a meta element cannot carry). */
export const IDE_CONTENT_SECURITY_POLICY_HEADER = `${IDE_CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`;

const TITLE = '常州重大项目库 · GraphQL IDE';

/** JSON that is safe inside a `<script>` element: no `<` can close it or open a comment. */
export function jsonForScriptElement(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * The IDE's HTML page: GraphiQL 3 with every asset from this service (see ide.assets.ts), POSTing
 * to `endpoint` (a path on this service), opening with one tab per example.
 */
export function renderIdePage(options: { endpoint: string; examples: IdeExample[] }): string {
  const { endpoint, examples } = options;
  if (!endpoint.startsWith('/') || endpoint.startsWith('//')) {
    throw new Error(`The IDE's endpoint must be a path on this service, such as /graphql (got ${endpoint})`);
  }
  const assets = ideAssetUrls();
  const config = {
    endpoint,
    tabs: examples.map((example) => (example.variables ? { query: example.query, variables: example.variables } : { query: example.query })),
  };
  const csp = escapeAttribute(IDE_CONTENT_SECURITY_POLICY);
  const script = (src: string) => `<script src="${escapeAttribute(src)}"></script>`;
  const stylesheet = (href: string) => `<link rel="stylesheet" href="${escapeAttribute(href)}">`;

  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="referrer" content="no-referrer">
<meta http-equiv="x-dns-prefetch-control" content="off">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${TITLE}</title>
<link rel="icon" href="data:,">
${stylesheet(assets.graphiqlCss)}
${stylesheet(assets.ideStyle)}
</head>
<body>
<div id="graphiql"><div class="ide-loading">正在加载 GraphQL IDE… / Loading the GraphQL IDE…<noscript> 需要启用 JavaScript / JavaScript is required.</noscript></div></div>
<script type="application/json" id="ide-config">${jsonForScriptElement(config)}</script>
${script(assets.react)}
${script(assets.reactDom)}
${script(assets.graphiql)}
${script(assets.ideScript)}
</body>
</html>
`;
}
