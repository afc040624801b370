import type { Services } from '../../services';
import type { HandlersFor } from '../dispatch';
import type { CertificateHashesView, SetupBinRequest, setupbinChannels } from '../../../shared/ipc/setupbin';
import { encodeSetupBin } from '../../../shared/setupbin';
import { OutbandError } from '../../../shared/errors';
import { summariseCertificate, type CertificateHashes } from '../../certs/cert-hashes';

/** Encodes the wizard's settings; encodeSetupBin validates again and throws `setupbin.invalid`. */
export function encodeRequest(request: SetupBinRequest): Uint8Array {
  return encodeSetupBin(request.config, request.options);
}

/** Decodes base64 from the renderer, refusing text that is not base64 at all. */
export function fromBase64(text: string, what: string): Uint8Array {
  const clean = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 === 1) {
    throw new OutbandError('ipc.invalid-arguments', `The ${what} did not arrive as base64.`);
  }
  return new Uint8Array(Buffer.from(clean, 'base64'));
}

function hashView(subject: string, hashes: CertificateHashes): CertificateHashesView {
  return { subject, sha1: hashes.sha1.hexLower, sha256: hashes.sha256.hexLower, sha384: hashes.sha384.hexLower };
}

/** The handlers of the setupbin channels: thin calls into the codec, certificates and save dialog. */
export function createSetupbinHandlers(services: Services): HandlersFor<keyof typeof setupbinChannels> {
  return {
    'setupbin.save': async (request) => {
      const bytes = encodeRequest(request);
      // setup.bin holds MEBx passwords in the clear (scrambling is reversible): owner-only.
      const path = await services.env.saveFile('setup.bin', bytes, { secret: true });
      return { path, bytes: bytes.length };
    },
    'setupbin.hashCertificate': async ({ base64 }) => {
      const summary = summariseCertificate(fromBase64(base64, 'certificate file'));
      return hashView(summary.subject, summary.hashes);
    },
    'setupbin.zoneRoot': async () => {
      try {
        const root = await services.certs.rootCertificateHashes();
        return { available: true, source: root.source, certificate: hashView(root.subject, root.hashes) };
      } catch (err) {
        if (err instanceof OutbandError && err.code === 'certs.no-root')
          return { available: false, reason: err.message };
        throw err;
      }
    },
  };
}
