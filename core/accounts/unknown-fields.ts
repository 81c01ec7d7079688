// Fields of accounts.json this version does not know (written by a newer MailSetup of
// the same schema version, or added by hand) survive our next write: they are copied
// from the file as read onto the objects we write, at the file, account and server level.
type JsonObject = Record<string, unknown>;

export interface KnownKeys {
  file: readonly string[];
  account: readonly string[];
  server: readonly string[];
}

export interface UnknownFields {
  file: JsonObject;
  /** By email address. */
  accounts: Map<string, { own: JsonObject; incoming: JsonObject; outgoing: JsonObject }>;
}

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

function unknownOf(value: unknown, known: readonly string[]): JsonObject {
  if (!isObject(value)) return {};
  return Object.fromEntries(Object.entries(value).filter(([k]) => !known.includes(k)));
}

/** Collects the unknown fields of a file that passed the schema. */
export function collectUnknownFields(data: unknown, keys: KnownKeys): UnknownFields {
  const accounts = new Map<string, { own: JsonObject; incoming: JsonObject; outgoing: JsonObject }>();
  const list = isObject(data) && Array.isArray(data.accounts) ? data.accounts : [];
  for (const a of list) {
    if (!isObject(a) || typeof a.email !== 'string') continue;
    accounts.set(a.email, { own: unknownOf(a, keys.account), incoming: unknownOf(a.incoming, keys.server), outgoing: unknownOf(a.outgoing, keys.server) });
  }
  return { file: unknownOf(data, keys.file), accounts };
}

/** The file to write: our fields first, then the unknown ones we read. */
export function withUnknownFields<A extends { email: string; incoming: object; outgoing: object }>(file: { schemaVersion: number; accounts: A[] }, extra: UnknownFields): JsonObject {
  return {
    ...file,
    ...extra.file,
    accounts: file.accounts.map((a) => {
      const kept = extra.accounts.get(a.email);
      if (!kept) return a;
      return { ...a, incoming: { ...a.incoming, ...kept.incoming }, outgoing: { ...a.outgoing, ...kept.outgoing }, ...kept.own };
    }),
  };
}
