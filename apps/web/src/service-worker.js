/* The service worker of the 10+N web app (plain JavaScript, no build step of its own).
 * tools/scripts/finish-web-build.mjs copies it to dist as sw.js and puts the build's file
 * lists in place of the BUILD line below.
 *
 * - the app shell (index.html, the initial scripts and styles, manifest, icons) is cached at
 *   install, so the app opens with no network after one visit;
 * - hashed files (names carry their content hash) are cache-first: they never change;
 * - pages (navigations) are network-first with a short timeout, then the cached index.html;
 * - GET /api/… answers are network-first with a timeout, then the last cached answer, so the
 *   member's households and the visit form's choices show with no network. Sign-out (and a
 *   sign-in) tells the worker to delete them: a shared PC keeps nobody's data.
 */
/* global self, caches, fetch, Response, URL */
const BUILD = { version: 'dev', shell: ['/'], hashed: [] }; // replaced at build time

const SHELL_CACHE = `tenplusn-shell-${BUILD.version}`;
const ASSET_CACHE = 'tenplusn-assets';
const DATA_CACHE = 'tenplusn-data';
const HASHED = /-[A-Z0-9]{8}\.[a-z0-9]+$/;
const NAVIGATION_TIMEOUT_MS = 4000;
const API_TIMEOUT_MS = 8000;
/** answers never kept: credentials, downloads, and the operational routes */
const NOT_CACHED = /^\/api\/(auth\/|reports\/|metrics|health|docs)/;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(SHELL_CACHE)
      // hashed files from the HTTP cache when the page has just loaded them (they never change),
      // so a first visit does not download its scripts twice; the rest fresh from the server
      .then((cache) =>
        cache.addAll(
          BUILD.shell.map((url) => new Request(url, { cache: HASHED.test(url) ? 'default' : 'reload' })),
        ),
      )
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith('tenplusn-shell-') && name !== SHELL_CACHE) await caches.delete(name);
      }
      // hashed files of older builds: only what this build still uses stays
      const current = new Set(BUILD.hashed);
      const assets = await caches.open(ASSET_CACHE);
      for (const request of await assets.keys()) {
        if (!current.has(new URL(request.url).pathname)) await assets.delete(request);
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('message', (event) => {
  const data = event.data || {};
  if (data.type === 'clear-data') {
    event.waitUntil(caches.delete(DATA_CACHE));
  } else if (data.type === 'cache-assets' && Array.isArray(data.urls)) {
    // files the page loaded before this worker controlled it (the very first visit)
    event.waitUntil(
      caches.open(ASSET_CACHE).then((cache) =>
        Promise.all(
          data.urls
            .map((url) => new URL(url, self.location.origin))
            .filter((url) => url.origin === self.location.origin && HASHED.test(url.pathname))
            .map((url) =>
              cache.match(url.pathname).then((hit) => hit || cache.add(url.pathname).catch(() => undefined)),
            ),
        ),
      ),
    );
  }
});

function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timeout')), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

async function hashedFile(request) {
  const cache = await caches.open(ASSET_CACHE);
  const hit = (await cache.match(request)) || (await caches.match(request));
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

async function navigation(request) {
  try {
    const response = await withTimeout(fetch(request), NAVIGATION_TIMEOUT_MS);
    if (response.ok) {
      const cache = await caches.open(SHELL_CACHE);
      await cache.put('/', response.clone());
    }
    return response;
  } catch (error) {
    const shell = await caches.match('/', { cacheName: SHELL_CACHE });
    if (shell) return shell;
    throw error;
  }
}

async function apiRead(request) {
  const cache = await caches.open(DATA_CACHE);
  const network = fetch(request).then(async (response) => {
    if (response.ok) await cache.put(request.url, response.clone());
    return response;
  });
  try {
    return await withTimeout(network, API_TIMEOUT_MS);
  } catch (error) {
    const hit = await cache.match(request.url);
    if (hit) {
      const headers = new Headers(hit.headers);
      headers.set('X-Served-From', 'offline-cache');
      return new Response(hit.body, { status: hit.status, statusText: hit.statusText, headers });
    }
    // nothing kept: the page sees a network failure (status 0) and queues or says offline
    return Response.error();
  }
}

async function staticFile(request) {
  const cache = await caches.open(SHELL_CACHE);
  const hit = await cache.match(request);
  const network = fetch(request)
    .then(async (response) => {
      if (response.ok) await cache.put(request, response.clone());
      return response;
    })
    .catch(() => undefined);
  return hit || (await network) || Response.error();
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/api/')) {
    if (!NOT_CACHED.test(url.pathname)) event.respondWith(apiRead(request));
    return;
  }
  if (request.mode === 'navigate') event.respondWith(navigation(request));
  else if (HASHED.test(url.pathname)) event.respondWith(hashedFile(request));
  else event.respondWith(staticFile(request));
});
