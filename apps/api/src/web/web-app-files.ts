import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { existsSync, statSync } from 'node:fs';
import { basename, extname, resolve, sep } from 'node:path';

/** Angular's production build puts an 8-character content hash in these names: main-XYSM63F5.js */
const HASHED_NAME = /-[A-Z0-9]{8}\.[a-z0-9]+$/;

export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';

/** Precompressed siblings written by tools/scripts/finish-web-build.mjs, best first. */
const ENCODINGS = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
] as const;

export function cacheControlFor(file: string): string {
  return HASHED_NAME.test(basename(file)) ? IMMUTABLE : REVALIDATE;
}

/**
 * Headers that only mean something on a document (helmet sets them on every answer). A phone
 * loads some 30 scripts on its first visit: ~450 bytes each of these are ~13 KB of nothing.
 * Scripts keep nosniff and Cross-Origin-Resource-Policy.
 */
const DOCUMENT_ONLY_HEADERS = [
  'Content-Security-Policy',
  'Cross-Origin-Opener-Policy',
  'Origin-Agent-Cluster',
  'Referrer-Policy',
  'X-DNS-Prefetch-Control',
  'X-Download-Options',
  'X-Frame-Options',
  'X-Permitted-Cross-Domain-Policies',
  'X-XSS-Protection',
];
const SUBRESOURCE = new Set(['.js', '.css', '.woff', '.woff2', '.png', '.svg', '.ico', '.webmanifest']);

/**
 * The encodings the client accepts (q > 0). Our preference order decides among them, not the
 * header's order: Chromium sends "gzip, deflate, br, zstd" and should get brotli.
 */
export function acceptedEncodings(header: string | undefined): Set<string> {
  const accepted = new Set<string>();
  let star = false;
  const refused = new Set<string>();
  for (const part of (header ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)).find(Boolean);
    const weight = q ? Number(q[1]) : 1;
    if (name === '*') star = weight > 0;
    else if (weight > 0) accepted.add(name);
    else refused.add(name);
  }
  if (star) for (const e of ENCODINGS) if (!refused.has(e.name)) accepted.add(e.name);
  return accepted;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * Serves the built web app from `root` (everything but /api): hashed files cached for a year,
 * index.html and the other unhashed files (service worker, manifest, icons) revalidated each
 * time; the `.br` or `.gz` sibling written at build time when the client accepts it. A path
 * without a file extension is a route of the app and gets index.html (deep links); a missing
 * file with an extension falls through to the JSON 404 rather than HTML under a script's name.
 */
export function webAppFiles(root: string): RequestHandler {
  const base = resolve(root);
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    let path: string;
    try {
      path = decodeURIComponent(req.path);
    } catch {
      return next();
    }
    if (path === '/api' || path.startsWith('/api/') || path.includes('\0')) return next();
    let file = resolve(base, `.${path}`);
    if (file !== base && !file.startsWith(base + sep)) return next();
    if (!isFile(file)) {
      if (extname(path)) return next();
      file = resolve(base, 'index.html');
    }

    const variants = ENCODINGS.filter((e) => existsSync(file + e.suffix));
    let sent = file;
    if (variants.length) {
      res.vary('Accept-Encoding');
      const accepted = acceptedEncodings(req.headers['accept-encoding']);
      const variant = variants.find((v) => accepted.has(v.name));
      if (variant) {
        sent = file + variant.suffix;
        res.setHeader('Content-Encoding', variant.name);
      }
    }
    res.type(extname(file) || 'html');
    res.setHeader('Cache-Control', cacheControlFor(file));
    // a service worker script keeps them: its CSP governs what the worker may fetch
    if (SUBRESOURCE.has(extname(file)) && !file.endsWith('sw.js')) {
      for (const name of DOCUMENT_ONLY_HEADERS) res.removeHeader(name);
    }
    res.sendFile(
      sent,
      { acceptRanges: false, cacheControl: false, dotfiles: 'allow', etag: true, lastModified: true },
      (err) => {
        if (err && !res.headersSent) next(err);
      },
    );
  };
}
