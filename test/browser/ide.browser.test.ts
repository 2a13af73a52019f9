/**
 * The GraphQL IDE in a real browser (Debian's chromium driven by playwright-core): GET /graphql
 * renders GraphiQL with the example tabs, the first example runs, and the page never makes a
 * request outside the service (the IDE must work on an intranet without internet access).
 */
import { existsSync } from 'node:fs';
import http from 'node:http';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { IDE_EXAMPLES } from '../../src/ide';
import { startTestApp } from '../helpers/app';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const STEP_TIMEOUT = 30_000;

/** The operation name GraphiQL shows as a tab's title. */
function operationName(query: string): string {
  const match = /^\s*(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)/m.exec(query);
  if (!match) throw new Error(`example without an operation name: ${query.slice(0, 80)}`);
  return match[1];
}

function rawGet(base: string, rawPath: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({ hostname, port, path: rawPath, method: 'GET', timeout: STEP_TIMEOUT }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${rawPath} timed out`)));
    req.on('error', reject);
    req.end();
  });
}

describe('GraphQL IDE (GraphiQL) served by the service', () => {
  let app: { url: string; close(): Promise<void> } | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`${CHROMIUM} is missing. The browser test needs Debian's chromium: run \`apt-get install chromium\` (CI installs it).`);
    }
    app = await startTestApp();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: STEP_TIMEOUT });
  }, 60_000);

  afterAll(async () => {
    await context?.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await app?.close();
  }, 60_000);

  it('renders with the example tabs, runs the first example, and requests nothing outside the service', async () => {
    const origin = new URL(app!.url).origin;
    context = await browser!.newContext({ serviceWorkers: 'block', locale: 'zh-CN', viewport: { width: 1400, height: 900 } });
    context.setDefaultTimeout(STEP_TIMEOUT);
    const page = await context.newPage();

    const requests: string[] = [];
    const failed: string[] = [];
    const pageErrors: string[] = [];
    // Every request of the page (and of any worker or popup it might open).
    page.on('request', (request) => requests.push(request.url()));
    context.on('request', (request) => requests.push(request.url()));
    page.on('requestfailed', (request) => failed.push(`${request.url()} ${request.failure()?.errorText ?? ''}`));
    page.on('response', (response) => {
      if (response.status() >= 400) failed.push(`${response.url()} HTTP ${response.status()}`);
    });
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    // A request the Content-Security-Policy blocked never reaches the network: record those too.
    await page.addInitScript({
      content: `window.__cspViolations = [];
        document.addEventListener('securitypolicyviolation', function (e) {
          window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI);
        });`,
    });

    const response = await page.goto(`${app!.url}/graphql`, { waitUntil: 'load' });
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-type']).toMatch(/^text\/html/);
    expect(await page.title()).toBe('常州重大项目库 · GraphQL IDE');

    // GraphiQL rendered, with one tab per example, titled with the operation names, the first active.
    await page.waitForSelector('.graphiql-container');
    const expectedTitles = IDE_EXAMPLES.map((example) => operationName(example.query));
    // Locator waits, not waitForFunction: the page's CSP (rightly) forbids the eval that string predicates need.
    await page.locator('.graphiql-tab').nth(expectedTitles.length - 1).waitFor();
    expect(await page.locator('.graphiql-tab').count()).toBe(expectedTitles.length);
    const titles = (await page.locator('.graphiql-tab .graphiql-tab-button').allTextContents()).map((title) => title.trim());
    expect(titles).toEqual(expectedTitles);
    expect((await page.locator('.graphiql-tab-active .graphiql-tab-button').textContent())?.trim()).toBe(expectedTitles[0]);

    // The schema arrives by introspection through the same fetcher: the documentation explorer works.
    await page.locator('button[aria-label="Show Documentation Explorer"]').click();
    await page.waitForSelector('.graphiql-doc-explorer .graphiql-doc-explorer-root-type');

    // Run the first example (DistrictTopProjects on 武进区) and see its answer in the result pane.
    await page.locator('.graphiql-execute-button').click();
    await page.locator('.graphiql-response', { hasText: '"data"' }).waitFor();
    await page.locator('.graphiql-response', { hasText: '武进区' }).waitFor();
    const result = (await page.locator('.graphiql-response').textContent()) ?? '';
    expect(result).not.toContain('"errors"');

    await page.screenshot({ path: '/tmp/ide.png', fullPage: true }).catch(() => undefined);

    const violations = (await page.evaluate('window.__cspViolations')) as string[];
    const external = requests.filter((url) => {
      if (url.startsWith('data:') || url.startsWith('blob:')) return false;
      return new URL(url).origin !== origin;
    });
    expect(external).toEqual([]);
    expect(violations).toEqual([]);
    expect(failed).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(requests.length).toBeGreaterThan(0);
  }, 60_000);

  it('offers only examples the service accepts', async () => {
    for (const example of IDE_EXAMPLES) {
      const response = await fetch(`${app!.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(example.needsToken ? { authorization: 'Bearer analyst-token' } : {}) },
        body: JSON.stringify({ query: example.query, variables: example.variables ? JSON.parse(example.variables) : undefined }),
        signal: AbortSignal.timeout(STEP_TIMEOUT),
      });
      const body = (await response.json()) as { data?: unknown; errors?: { message: string }[] };
      expect([example.name, body.errors?.map((error) => error.message) ?? []]).toEqual([example.name, []]);
      expect(body.data).toBeTruthy();
    }
  }, 60_000);

  it('serves the page with a same-origin-only policy and the assets from an allow-list', async () => {
    // Ask for the page as a browser does (Accept: text/html).
    const { hostname, port } = new URL(app!.url);
    const html = await new Promise<{ headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
      http
        .get({ hostname, port, path: '/graphql', headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' }, timeout: STEP_TIMEOUT }, (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (body += chunk));
          res.on('end', () => resolve({ headers: res.headers, body }));
        })
        .on('error', reject);
    });
    expect(html.headers['content-security-policy']).toContain("default-src 'none'");
    expect(html.body).toContain('http-equiv="Content-Security-Policy"');
    // Only our page: not Apollo's default landing page, which loads its sandbox from a CDN.
    expect(html.body).not.toMatch(/apollographql|embeddable|unpkg|jsdelivr|cdn\./i);
    // Every src/href of the page is a path on this service (or data:).
    const refs = [...html.body.matchAll(/\s(?:src|href)="([^"]*)"/g)].map((m) => m[1]);
    expect(refs.length).toBeGreaterThanOrEqual(6);
    for (const ref of refs) expect(ref).toMatch(/^(\/ide\/|data:)/);

    const assetPaths = refs.filter((ref) => ref.startsWith('/ide/'));
    for (const assetPath of assetPaths) {
      const asset = await rawGet(app!.url, assetPath);
      expect(asset.status).toBe(200);
      expect(asset.headers['cache-control']).toContain('immutable');
      expect(asset.headers['content-type']).toMatch(assetPath.endsWith('.css') ? /^text\/css/ : /^text\/javascript/);
      expect(asset.body).not.toMatch(/sourceMappingURL/);
      if (assetPath.endsWith('.css')) {
        expect(asset.body).not.toMatch(/@import/i);
        // Every url() of the stylesheets is an inline data: URI: no web font or image from elsewhere.
        const urls = [...asset.body.matchAll(/url\(\s*["']?([^"')]{0,16})/gi)].map((m) => m[1]);
        for (const url of urls) expect(url).toMatch(/^(data:|#)/);
      }
    }

    // Nothing outside the allow-list, however the path is spelled.
    const graphiqlJs = assetPaths.find((p) => p.endsWith('/graphiql.min.js'))!;
    const dir = graphiqlJs.slice(0, graphiqlJs.lastIndexOf('/') + 1);
    for (const probe of [
      `${dir}package.json`,
      `${dir}graphiql.min.js.map`,
      `${dir}../../package.json`,
      `${dir}%2e%2e/%2e%2e/package.json`,
      '/ide/',
      '/ide/react/package.json',
      '/ide/..%2f..%2fpackage.json',
    ]) {
      const res = await rawGet(app!.url, probe);
      expect([probe, res.status]).toEqual([probe, 404]);
    }
  }, 60_000);
});
