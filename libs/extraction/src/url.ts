/**
 * Query parameters that only identify a campaign, click or share and never the
 * document: dropping them makes the same article reached from different
 * newsletters or social posts resolve to one URL.
 */
const TRACKING_PREFIXES = ['utm_', 'mc_', 'pk_', 'mtm_', 'hsa_', 'ga_', '__hs', 'oly_', 'vero_'];
const TRACKING_PARAMS = new Set([
  'fbclid',
  'gclid',
  'gclsrc',
  'dclid',
  'gbraid',
  'wbraid',
  'msclkid',
  'yclid',
  'twclid',
  'ttclid',
  'li_fat_id',
  'igshid',
  'igsh',
  'mkt_tok',
  '_ga',
  '_gl',
  '_hsenc',
  '_hsmi',
  '_openstat',
  'ocid',
  'cmpid',
  'icid',
  'ncid',
  'ito',
  'smid',
  'ref_src',
  'ref_url',
  'spm',
  'wt.mc_id',
]);

function isTrackingParam(name: string): boolean {
  const key = name.toLowerCase();
  return TRACKING_PARAMS.has(key) || TRACKING_PREFIXES.some((p) => key.startsWith(p));
}

/**
 * Absolute form of `href` (resolved against `base`), without tracking
 * parameters and fragment; null when it is not an http(s) URL.
 */
export function canonicalizeUrl(href: string, base?: string): string | null {
  let url: URL;
  try {
    url = base ? new URL(href.trim(), base) : new URL(href.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  // Collect first: deleting while iterating URLSearchParams skips entries.
  const names = [...new Set([...url.searchParams.keys()])];
  for (const name of names) if (isTrackingParam(name)) url.searchParams.delete(name);
  url.hash = '';
  return url.toString();
}
