// Types for the parts of mailauth 4.x the audit imports by path (the package ships
// declarations only for some of them).
declare module 'mailauth/lib/tools.js' {
  export function getPublicKey(
    type: 'DKIM',
    name: string,
    minBitLength: number,
    resolver: (name: string, type: string) => Promise<unknown[]>,
  ): Promise<{ publicKey: string; rr: string; modulusLength?: number }>;
}

declare module 'mailauth/lib/mta-sts.js' {
  export interface StsPolicy {
    mode: 'none' | 'testing' | 'enforce';
    mx?: string[];
    maxAge?: number;
    version?: string;
  }
  export function parsePolicy(file: string): StsPolicy;
  export function validateMx(mx: string, policy: StsPolicy): { valid: boolean; mode: string; match?: string };
}
