// Shape of the bundled ISPDB data file (data/ispdb.generated.json), shared by the
// generator that writes it and the loader that reads it.
import type { IncomingServer, OutgoingServer } from '../../../shared/model.js';

export const BUNDLED_ISPDB_FORMAT = 1;

export interface BundledIspdbOrigin {
  repository: string;
  folder: string;
  /** Upstream commit the snapshot was taken from, when the source said. */
  commit?: string;
  license: string;
}

/** One provider file; host/username keep their placeholders (%EMAILDOMAIN% …). */
export interface BundledProvider {
  /** Source file name, e.g. "googlemail.com.xml". */
  file: string;
  id?: string;
  displayName?: string;
  domains: string[];
  incoming: IncomingServer[];
  outgoing: OutgoingServer[];
}

export interface BundledIspdbData {
  format: typeof BUNDLED_ISPDB_FORMAT;
  origin: BundledIspdbOrigin;
  providers: BundledProvider[];
}

/** Stable text form: one provider per line, so regenerating gives small diffs. */
export function serializeBundledIspdb(data: BundledIspdbData): string {
  const head = JSON.stringify({ format: data.format, origin: data.origin });
  const lines = data.providers.map((p) => `  ${JSON.stringify(p)}`);
  return `${head.slice(0, -1)},\n"providers": [\n${lines.join(',\n')}\n]}\n`;
}
