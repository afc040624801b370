// Which of the zone's certificates a device in setup mode can be provisioned with: the device
// lists the root hashes it trusts in its Hello, and a certificate can provision it only if its
// chain's root is one of them (provisioning.md §5.1 step 4).
import type { HelloHash, ProvisionMatch } from '../../shared/domain/discovered';

/** A root certificate the zone can provision with, by its hashes (lower-case hex). */
export interface ZoneRoot {
  /** What it is, in words: "zone root CA", "root of the imported management certificate". */
  label: string;
  sha1: string;
  sha256: string;
  sha384: string;
}

function colonPairs(hex: string): string {
  return hex.toUpperCase().match(/../g)?.join(':') ?? hex;
}

/** Whether any zone root is among the hashes a Hello listed, and what to do when none is. */
export function matchHelloRoots(hashes: readonly HelloHash[], roots: readonly ZoneRoot[]): ProvisionMatch {
  if (roots.length === 0) {
    return {
      canProvision: false,
      reason: 'No zone certificate yet: create the zone root CA or import a management certificate (Certificates).',
    };
  }
  for (const root of roots) {
    const hit = hashes.find((h) => h.hex === root[h.alg]);
    if (hit !== undefined) {
      return {
        canProvision: true,
        reason: `Can provision: the device trusts the ${root.label} (${hit.alg.toUpperCase()}).`,
      };
    }
  }
  const first = roots[0] as ZoneRoot;
  return {
    canProvision: false,
    reason: `No matching root: add ${colonPairs(first.sha256)} (SHA-256 of the ${first.label}) to the device, or use another certificate.`,
  };
}
