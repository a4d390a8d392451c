// Real-browser checks of static pages: serves a folder over a local HTTP
// server, opens each page in Debian's Chromium (through playwright-core) at
// 1280 and 320 px, and records console and page errors, failed same-origin
// requests, horizontal overflow and axe-core violations (WCAG 2.1 A/AA).
//
//   node tests/browser/check.mjs <root-dir> <out-json> [--screenshots <dir>]
//        [--wait <js-expression>] [--collect <css-selector>] <page>...
//
// Each <page> is a path relative to <root-dir> (e.g. `index.html`,
// `socialnamnden/index.html`), with a query string if it needs one
// (`sok.html?q=ord`). With --wait, each page is checked once the expression
// is true (a page that fills itself in, as the search page does); with
// --collect, the `href` (else the text) of every element matching the
// selector is recorded, in document order. The result is one JSON file; the exit code is 0
// whatever the pages contain (the caller judges them) and non-zero only when
// the harness itself fails, with the reason on stderr.

import { createServer } from 'node:http';
import { createReadStream, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

const CHROMIUM = process.env.KALLELSE_CHROMIUM || '/usr/bin/chromium';
const WIDTHS = [1280, 320];
const HEIGHT = 800;
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
/** How many offending nodes of one violation are reported. */
const MAX_NODES = 5;
/** How long one page may take to load. */
const TIMEOUT_MS = 30_000;

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.pdf': 'application/pdf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
};

function fail(message) {
  process.stderr.write(`check.mjs: ${message}\n`);
  process.exit(2);
}

function usage() {
  fail('usage: node check.mjs <root-dir> <out-json> [--screenshots <dir>] <page> [<page>...]');
}

function parseArgs(argv) {
  const positional = [];
  let screenshots = null;
  let wait = null;
  let collect = null;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--screenshots') {
      screenshots = argv[++i];
      if (!screenshots) usage();
    } else if (argv[i] === '--wait') {
      wait = argv[++i];
      if (!wait) usage();
    } else if (argv[i] === '--collect') {
      collect = argv[++i];
      if (!collect) usage();
    } else {
      positional.push(argv[i]);
    }
  }
  if (positional.length < 3) usage();
  const [root, out, ...pages] = positional;
  return { root: resolve(root), out: resolve(out), screenshots: screenshots && resolve(screenshots), wait, collect, pages };
}

/** A static file server for `root` on 127.0.0.1 and a free port. */
function serve(root) {
  const server = createServer((req, res) => {
    let path;
    try {
      path = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    let file = resolve(join(root, path));
    if (file !== root && !file.startsWith(root + sep)) {
      res.writeHead(403).end();
      return;
    }
    let stat;
    try {
      stat = statSync(file);
      if (stat.isDirectory()) {
        file = join(file, 'index.html');
        stat = statSync(file);
      }
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found\n');
      return;
    }
    if (!stat.isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      'Content-Type': TYPES[extname(file).toLowerCase()] || 'application/octet-stream',
      'Content-Length': stat.size,
      'Cache-Control': 'no-store',
    });
    if (req.method === 'HEAD') {
      res.end();
    } else {
      createReadStream(file).pipe(res);
    }
  });
  return new Promise((ok, err) => {
    server.once('error', err);
    server.listen(0, '127.0.0.1', () => ok(server));
  });
}

/** The URL of a page path relative to the served root (its query kept). */
function pageUrl(origin, page) {
  const [bare, ...query] = page.split('?');
  const path = bare.replace(/\\/g, '/').replace(/^\/+/, '');
  const search = query.length ? `?${encodeURI(query.join('?'))}` : '';
  return `${origin}/${path.split('/').map(encodeURIComponent).join('/')}${search}`;
}

function screenshotName(page, width) {
  return `${page.replace(/^\/+/, '').replace(/[/\\?=&]/g, '_')}-${width}.png`;
}

async function checkPage(browser, origin, page, width, screenshots, axeSource, wait, collect) {
  const context = await browser.newContext({ viewport: { width, height: HEIGHT } });
  const tab = await context.newPage();
  tab.setDefaultTimeout(TIMEOUT_MS);
  const consoleErrors = [];
  const failedRequests = [];
  const externalRequests = [];
  const sameOrigin = (url) => url.startsWith(origin + '/') || url === origin;

  // Nothing outside the local server is fetched: the machine is offline, and
  // a static site that needs another host is worth knowing about anyway.
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (sameOrigin(url) || url.startsWith('data:') || url.startsWith('blob:')) {
      return route.continue();
    }
    externalRequests.push(url);
    return route.abort('blockedbyclient');
  });
  // Chromium's own "Failed to load resource" lines, kept apart: they repeat
  // what failedRequests and externalRequests already say.
  const loadErrors = [];
  tab.on('console', (msg) => {
    if (msg.type() === 'error') {
      const where = msg.location();
      const at = where && where.url ? ` (${where.url}:${where.lineNumber + 1})` : '';
      const text = `${msg.text()}${at}`;
      if (msg.text().startsWith('Failed to load resource') && where && where.url) {
        loadErrors.push({ url: where.url, text });
      } else {
        consoleErrors.push(text);
      }
    }
  });
  tab.on('pageerror', (error) => {
    consoleErrors.push(`uncaught ${error.name || 'error'}: ${error.message}`);
  });
  // URLs already reported with an error status: Chromium also fails the
  // request of, say, a stylesheet that answered 404, which says nothing new.
  const badStatus = new Set();
  tab.on('response', (response) => {
    if (response.status() >= 400 && sameOrigin(response.url())) {
      badStatus.add(response.url());
      failedRequests.push(`${response.status()} ${response.url().slice(origin.length)}`);
    }
  });
  tab.on('requestfailed', (request) => {
    if (sameOrigin(request.url()) && !badStatus.has(request.url())) {
      const reason = request.failure()?.errorText ?? 'failed';
      failedRequests.push(`${reason} ${request.url().slice(origin.length)}`);
    }
  });

  const result = {
    page,
    width,
    consoleErrors,
    failedRequests,
    externalRequests,
    loadError: null,
    scrollWidth: null,
    innerWidth: null,
    violations: [],
    incomplete: [],
    collected: [],
  };
  try {
    await tab.goto(pageUrl(origin, page), { waitUntil: 'load' });
    await tab.evaluate(() => document.fonts.ready.then(() => undefined));
    if (wait) {
      await tab.waitForFunction(wait, null, { timeout: TIMEOUT_MS });
    }
    if (collect) {
      result.collected = await tab.$$eval(collect, (found) =>
        found.map((e) => e.getAttribute('href') ?? e.textContent.trim()),
      );
    }
    const size = await tab.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
    }));
    result.scrollWidth = size.scrollWidth;
    result.innerWidth = size.innerWidth;
    if (screenshots) {
      await tab.screenshot({ path: join(screenshots, screenshotName(page, width)), fullPage: true });
    }
    await tab.addScriptTag({ content: axeSource });
    const axe = await tab.evaluate(
      async ({ tags, maxNodes }) => {
        // eslint-disable-next-line no-undef
        const r = await window.axe.run(document, {
          runOnly: { type: 'tag', values: tags },
          resultTypes: ['violations', 'incomplete'],
        });
        const pick = (list, max) =>
          list.map((rule) => ({
            id: rule.id,
            impact: rule.impact,
            help: rule.help,
            helpUrl: rule.helpUrl,
            nodeCount: rule.nodes.length,
            nodes: rule.nodes.slice(0, max).map((node) => ({
              target: node.target.map((t) => (Array.isArray(t) ? t.join(' >>> ') : String(t))).join(' '),
              html: node.html.length > 300 ? `${node.html.slice(0, 300)}…` : node.html,
              summary: node.failureSummary ?? null,
            })),
          }));
        return { violations: pick(r.violations, maxNodes), incomplete: pick(r.incomplete, maxNodes) };
      },
      { tags: AXE_TAGS, maxNodes: MAX_NODES },
    );
    result.violations = axe.violations;
    result.incomplete = axe.incomplete;
  } catch (error) {
    result.loadError = String(error && error.message ? error.message : error).split('\n')[0];
  } finally {
    await context.close();
  }
  // A resource that failed to load and that no other list names (it should
  // not happen, but then the console line is the only trace) stays an error.
  const reported = (url) =>
    badStatus.has(url) ||
    externalRequests.includes(url) ||
    failedRequests.some((line) => line.endsWith(` ${url.slice(origin.length)}`));
  for (const { url, text } of loadErrors) {
    if (!reported(url)) consoleErrors.push(text);
  }
  return result;
}

async function main() {
  const { root, out, screenshots, wait, collect, pages } = parseArgs(process.argv.slice(2));
  try {
    if (!statSync(root).isDirectory()) fail(`${root} is not a folder`);
  } catch {
    fail(`${root} does not exist`);
  }
  try {
    statSync(CHROMIUM);
  } catch {
    fail(`${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)`);
  }
  let chromium;
  let axeSource;
  try {
    ({ chromium } = require('playwright-core'));
    axeSource = require('axe-core').source;
  } catch (error) {
    fail(`cannot load playwright-core/axe-core (run \`npm ci\` in tests/browser): ${error.message}`);
  }
  if (screenshots) mkdirSync(screenshots, { recursive: true });

  const server = await serve(root);
  const origin = `http://127.0.0.1:${server.address().port}`;
  let browser;
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  } catch (error) {
    server.close();
    fail(`Chromium (${CHROMIUM}) did not start: ${error.message}`);
  }

  const results = [];
  try {
    for (const page of pages) {
      for (const width of WIDTHS) {
        results.push(await checkPage(browser, origin, page, width, screenshots, axeSource, wait, collect));
      }
    }
  } finally {
    await browser.close();
    server.close();
  }
  writeFileSync(out, `${JSON.stringify({ pages: results }, null, 2)}\n`);
}

main().catch((error) => fail(error && error.stack ? error.stack : String(error)));
