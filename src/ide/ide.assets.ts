import { createHash } from 'node:crypto';
import { accessSync, constants, readFileSync } from 'node:fs';
import path from 'node:path';
import express from 'express';

/**
 * The static files of the GraphQL IDE, served by the service itself so the IDE works without any
 * internet access (no CDN, no web fonts, no request to anyone but this service).
 *
 * Only a fixed allow-list is served, each file under a URL that carries its package version (or,
 * for our own files, a hash of their content), so it can be cached as immutable: a new version
 * comes under a new URL.
 */

/** Every IDE asset lives under this path. */
export const IDE_ASSET_PREFIX = '/ide/';

type AssetKey = 'react' | 'reactDom' | 'graphiql' | 'graphiqlCss' | 'ideScript' | 'ideStyle';

interface AssetSource {
  /** The file name in the URL. */
  name: string;
  contentType: string;
  /** A file of an npm package, or text of our own. */
  from: { pkg: string; file: string } | { text: string };
  /** Rewrites the file before it is served (see neutraliseRemoteCss, stripSourceMapComment). */
  transform?: (text: string) => string;
}

const JS = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';

/**
 * Our own bootstrap script. It reads the page's configuration from the JSON block
 * `<script type="application/json" id="ide-config">` (so the page needs no inline script and the
 * CSP can forbid them) and mounts GraphiQL.
 */
const IDE_SCRIPT = `(function () {
  'use strict';
  var config = JSON.parse(document.getElementById('ide-config').textContent);
  var container = document.getElementById('graphiql');

  // Defence in depth next to the Content-Security-Policy: the IDE talks to this service only.
  var nativeFetch = window.fetch;
  function sameOriginFetch(input, init) {
    var url = typeof input === 'string' || input instanceof URL ? String(input) : input.url;
    if (new URL(url, window.location.href).origin !== window.location.origin) {
      return Promise.reject(new TypeError('The GraphQL IDE makes no request outside this service: ' + url));
    }
    return nativeFetch.call(window, input, init);
  }
  window.fetch = sameOriginFetch;

  if (!window.React || !window.ReactDOM || !window.GraphiQL) {
    container.textContent = 'GraphQL IDE 加载失败 / The GraphQL IDE failed to load.';
    return;
  }
  var fetcher = window.GraphiQL.createFetcher({ url: config.endpoint, fetch: sameOriginFetch });
  var root = window.ReactDOM.createRoot(container);
  root.render(
    window.React.createElement(window.GraphiQL, {
      fetcher: fetcher,
      defaultTabs: config.tabs,
      defaultEditorToolsVisibility: config.tabs.some(function (tab) { return !!tab.variables; }) ? 'variables' : false,
      shouldPersistHeaders: false,
    }),
  );
})();
`;

// Chinese text falls back to the fonts installed on the analyst's computer (local fonts only:
// nothing is downloaded); GraphiQL's own Roboto and Fira Code come inline with its stylesheet.
// The body never scrolls (GraphiQL scrolls inside its panes), so the scroll lock its dialogs try to
// add as an inline <style>, which the page's CSP refuses, is not needed.
const IDE_STYLE = `html, body { height: 100%; margin: 0; overflow: hidden; }
#graphiql { height: 100vh; }
.ide-loading { padding: 2rem; font-family: system-ui, sans-serif; color: #555; }
.graphiql-container, .CodeMirror-info, .CodeMirror-lint-tooltip, .graphiql-dialog, .graphiql-dialog-overlay,
.graphiql-tooltip, [data-radix-popper-content-wrapper] {
  --font-family: "Roboto", "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC",
    "WenQuanYi Micro Hei", sans-serif;
  --font-family-mono: "Fira Code", "Sarasa Mono SC", "Noto Sans Mono CJK SC", "Microsoft YaHei Mono",
    "WenQuanYi Zen Hei Mono", monospace;
}
`;

const SOURCES: Record<AssetKey, AssetSource> = {
  react: {
    name: 'react.production.min.js',
    contentType: JS,
    from: { pkg: 'react', file: 'umd/react.production.min.js' },
    transform: stripSourceMapComment,
  },
  reactDom: {
    name: 'react-dom.production.min.js',
    contentType: JS,
    from: { pkg: 'react-dom', file: 'umd/react-dom.production.min.js' },
    transform: stripSourceMapComment,
  },
  graphiql: {
    name: 'graphiql.min.js',
    contentType: JS,
    from: { pkg: 'graphiql', file: 'graphiql.min.js' },
    transform: stripSourceMapComment,
  },
  graphiqlCss: {
    name: 'graphiql.min.css',
    contentType: CSS,
    from: { pkg: 'graphiql', file: 'graphiql.min.css' },
    transform: neutraliseRemoteCss,
  },
  ideScript: { name: 'ide.js', contentType: JS, from: { text: IDE_SCRIPT } },
  ideStyle: { name: 'ide.css', contentType: CSS, from: { text: IDE_STYLE } },
};

/**
 * Removes what could make a browser fetch a stylesheet's resources from elsewhere: every `@import`
 * and every `url(...)` that is not a `data:` URI (or a `#fragment`). GraphiQL 3.9's stylesheet
 * carries its fonts (Roboto, Fira Code) inline as data: URIs, so today this changes nothing; it
 * keeps the rule true should a later version link its fonts from a CDN again.
 */
export function neutraliseRemoteCss(css: string): string {
  return css
    .replace(/@import\s+(?:url\([^)]*\)|"[^"]*"|'[^']*')[^;]*;/gi, '')
    .replace(/url\(\s*(["']?)([^"')]*?)\1\s*\)/gi, (whole, _quote: string, target: string) => {
      const t = target.trim().toLowerCase();
      return t.startsWith('data:') || t.startsWith('#') ? whole : 'url("data:,")';
    });
}

/** Drops `//# sourceMappingURL=` comments: the maps are not served, so a browser must not ask for them. */
export function stripSourceMapComment(js: string): string {
  return js.replace(/^\/\/[#@]\s*sourceMappingURL=.*$/gm, '');
}

function packageDir(pkg: string): string {
  // Resolved from here, the way Node loads the package; never a hard-coded checkout path.
  return path.dirname(require.resolve(`${pkg}/package.json`));
}

function packageVersion(pkg: string): string {
  return (JSON.parse(readFileSync(path.join(packageDir(pkg), 'package.json'), 'utf8')) as { version: string }).version;
}

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 12);
}

let urlCache: Record<AssetKey, string> | undefined;

/** The URL (path) of each IDE asset, e.g. `/ide/graphiql@3.9.0/graphiql.min.js`. */
export function ideAssetUrls(): Record<AssetKey, string> {
  if (!urlCache) {
    const urls = {} as Record<AssetKey, string>;
    for (const [key, source] of Object.entries(SOURCES) as [AssetKey, AssetSource][]) {
      const version = 'pkg' in source.from ? `${source.from.pkg}@${packageVersion(source.from.pkg)}` : shortHash(source.from.text);
      urls[key] = `${IDE_ASSET_PREFIX}${version}/${source.name}`;
    }
    urlCache = urls;
  }
  return urlCache;
}

interface LoadedAsset {
  body: Buffer;
  contentType: string;
  etag: string;
}

const loaded = new Map<AssetKey, LoadedAsset>();

function loadAsset(key: AssetKey): LoadedAsset {
  let asset = loaded.get(key);
  if (!asset) {
    const source = SOURCES[key];
    const raw = 'pkg' in source.from ? readFileSync(path.join(packageDir(source.from.pkg), source.from.file), 'utf8') : source.from.text;
    const body = Buffer.from(source.transform ? source.transform(raw) : raw, 'utf8');
    asset = { body, contentType: source.contentType, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
    loaded.set(key, asset);
  }
  return asset;
}

/** Reads (and caches) every asset; throws if a package file is missing. */
export function loadIdeAssets(): Map<string, LoadedAsset> {
  const urls = ideAssetUrls();
  return new Map((Object.keys(SOURCES) as AssetKey[]).map((key) => [urls[key], loadAsset(key)]));
}

/**
 * Serves the IDE's files under `/ide/`: exactly the allow-listed URLs of ideAssetUrls(), nothing
 * else (a request for any other path under `/ide/` gets 404, so there is no path to traverse).
 */
export function createIdeAssetsRouter(): express.Router {
  const urls = ideAssetUrls();
  const byPath = new Map<string, AssetKey>((Object.keys(urls) as AssetKey[]).map((key) => [urls[key], key]));
  // Fail at start-up, not at the first browser visit, if a package file went missing.
  for (const key of byPath.values()) {
    if ('pkg' in SOURCES[key].from) {
      const { pkg, file } = SOURCES[key].from as { pkg: string; file: string };
      accessSync(path.join(packageDir(pkg), file), constants.R_OK);
    }
  }

  const router = express.Router();
  const mount = IDE_ASSET_PREFIX.replace(/\/$/, '');
  router.use(mount, (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    // req.path is the raw (undecoded) rest of the path: only an exact allow-listed URL matches.
    const key = byPath.get(mount + req.path);
    if (!key) {
      res.status(404).type('text/plain').send('Not found');
      return;
    }
    const asset = loadAsset(key);
    res.setHeader('Content-Type', asset.contentType);
    res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    res.setHeader('ETag', asset.etag);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    if (req.headers['if-none-match'] === asset.etag) {
      res.status(304).end();
      return;
    }
    res.setHeader('Content-Length', String(asset.body.length));
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    res.end(asset.body);
  });
  return router;
}
