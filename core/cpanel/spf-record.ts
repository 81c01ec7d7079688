// The one full record --install-spf installs (issue 12): the current SPF record with
// cPanel's expected terms added before its `all` term, or, with none,
// `v=spf1 +a +mx` + the expected terms + ` ~all`.

const ALL = /^[+\-~?]?all$/i;
const bare = (term: string): string => term.replace(/^\+/, '').toLowerCase();

/** cPanel's `expected` fragment ("+ip4:192.0.2.1 +include:x") as terms, without version or `all`. */
export function expectedTerms(expected: string): string[] {
  return expected
    .split(/\s+/)
    .filter((t) => t !== '' && !/^v=spf1$/i.test(t) && !ALL.test(t));
}

export function composeSpfRecord(current: string | null, expected: string): string {
  const wanted = expectedTerms(expected);
  if (current === null || !/^v=spf1(\s|$)/i.test(current.trim())) return ['v=spf1', '+a', '+mx', ...wanted, '~all'].join(' ');
  const terms = current.trim().split(/\s+/);
  const have = new Set(terms.map(bare));
  const missing = wanted.filter((t) => !have.has(bare(t)));
  const at = terms.findIndex((t) => ALL.test(t));
  if (at < 0) return [...terms, ...missing].join(' ');
  return [...terms.slice(0, at), ...missing, ...terms.slice(at)].join(' ');
}

/** The SPF record the domain has now, from cPanel's validate_current_spfs object. */
export function currentSpfRecord(spf: Record<string, unknown>): string | null {
  const records = Array.isArray(spf.records) ? (spf.records as unknown[]) : [];
  for (const r of records) {
    const current = typeof r === 'object' && r !== null ? (r as { current?: unknown }).current : undefined;
    if (typeof current === 'string' && /^v=spf1(\s|$)/i.test(current.trim())) return current.trim();
  }
  return null;
}
