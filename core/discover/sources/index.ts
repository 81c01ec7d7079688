// Every discovery source, in priority order.
import type { Source } from '../source.js';
import { autoconfigSource } from './autoconfig.js';
import { autodiscoverSource } from './autodiscover.js';
import { cpanelSource } from './cpanel.js';
import { guessSource } from './guess.js';
import { ispdbSource } from './ispdb.js';
import { ispdbBundledSource } from './ispdb-bundled.js';
import { localOverrideSource } from './local-override.js';
import { mxSource } from './mx.js';
import { srvSource } from './srv.js';

export const ALL_SOURCES: readonly Source[] = [
  // A stored cPanel connection for the domain is the hoster's own answer.
  cpanelSource,
  localOverrideSource,
  // The bundled ISPDB answers its ~960 domains instantly: big providers that publish no
  // autoconfig of their own, so waiting for autoconfig.D would only cost time.
  ispdbBundledSource,
  autoconfigSource,
  ispdbSource,
  mxSource,
  srvSource,
  autodiscoverSource,
  guessSource,
];

/** Sources that need no network: the only ones run with --offline. */
export const OFFLINE_SOURCES: ReadonlySet<string> = new Set(['local-override', 'ispdb-bundled']);
