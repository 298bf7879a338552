// Security headers on every response (helmet): a Content-Security-Policy whose scripts
// need this response's nonce, no framing, no MIME sniffing, no Referer to other sites
// (tracking links carry their secret in the URL), and HSTS in production.
import { randomBytes } from "node:crypto";
import type { RequestHandler } from "express";
import helmet from "helmet";
import type { Env } from "./env.server.ts";

/** "https://tile.openstreetmap.org/{z}/{x}/{y}.png" → "https://tile.openstreetmap.org"; "{s}." subdomains → "*.". */
export function tileSource(template: string): string | null {
  const match = template.replace(/\{s\}/g, "*").match(/^(https?:\/\/[^/?#{}]+)/i);
  return match ? match[1]! : null;
}

/** Per request: a fresh nonce in res.locals.cspNonce, then helmet's headers using it. */
export function securityHeaders(env: Env, options: { viteDev: boolean }): RequestHandler[] {
  const production = env.NODE_ENV === "production";
  const tiles = tileSource(env.MAP_TILE_URL);
  const nonce: RequestHandler = (_req, res, next) => {
    res.locals.cspNonce = randomBytes(16).toString("base64");
    next();
  };
  const headers = helmet({
    // Vite's dev server injects its own scripts and a websocket; the policy is for built pages.
    contentSecurityPolicy: options.viteDev
      ? false
      : {
          useDefaults: false,
          directives: {
            "default-src": ["'self'"],
            "script-src": ["'self'", (_req, res) => `'nonce-${(res as unknown as { locals: { cspNonce: string } }).locals.cspNonce}'`],
            "script-src-attr": ["'none'"],
            // React writes style="" attributes and Leaflet positions tiles with inline styles.
            "style-src": ["'self'", "'unsafe-inline'"],
            // data:/blob: for Leaflet's icons and the photo previews; the tile server for the map.
            "img-src": ["'self'", "data:", "blob:", ...(tiles ? [tiles] : [])],
            "connect-src": ["'self'"],
            "font-src": ["'self'"],
            "object-src": ["'none'"],
            "base-uri": ["'none'"],
            "form-action": ["'self'"],
            "frame-ancestors": ["'none'"],
            ...(env.PUBLIC_BASE_URL?.startsWith("https:") ? { "upgrade-insecure-requests": [] } : {}),
          },
        },
    frameguard: { action: "deny" },
    // same-origin, not no-referrer: with no-referrer browsers send "Origin: null" on form
    // POSTs, which Remix (rightly) refuses as cross-site. Other sites still get no Referer.
    referrerPolicy: { policy: "same-origin" },
    strictTransportSecurity: production ? { maxAge: 31_536_000, includeSubDomains: true } : false,
  });
  return [nonce, headers];
}
