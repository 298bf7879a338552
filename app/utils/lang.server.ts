import { toLang, type Lang } from "./i18n.ts";

/** ?lang= wins, then the "lang" cookie, then Accept-Language; Ukrainian by default. */
export function getRequestLang(request: { url: string; headers: { get(name: string): string | null } }): Lang {
  const url = new URL(request.url);
  const q = url.searchParams.get("lang");
  if (q) return toLang(q);
  const cookie = request.headers.get("cookie")?.match(/(?:^|;\s*)lang=(\w+)/)?.[1];
  if (cookie) return toLang(cookie);
  const accept = request.headers.get("accept-language")?.split(",")[0]?.trim();
  return accept?.toLowerCase().startsWith("en") ? "en" : "uk";
}
