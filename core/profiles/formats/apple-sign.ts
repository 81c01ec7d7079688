// CMS SignedData (DER) with the profile embedded, as Apple devices expect a signed
// profile (profiles §1.5). node-forge does it in-process: no openssl needed.
import forge from 'node-forge';
import { fail, ok, type Result } from '../../../shared/errors.js';

export function signProfile(content: Buffer, certPem: string, keyPem: string): Result<Buffer> {
  let certs: forge.pki.Certificate[];
  let key: forge.pki.PrivateKey;
  try {
    const blocks = forge.pem.decode(certPem).filter((b) => b.type === 'CERTIFICATE');
    certs = blocks.map((b) => forge.pki.certificateFromAsn1(forge.asn1.fromDer(b.body)));
  } catch {
    return fail('BAD_INPUT', 'The signing certificate is not a PEM certificate.', { fix: 'Give --sign-cert a PEM file starting with -----BEGIN CERTIFICATE-----.' });
  }
  if (certs.length === 0) return fail('BAD_INPUT', 'The signing certificate file holds no certificate.');
  try {
    key = forge.pki.privateKeyFromPem(keyPem);
  } catch {
    return fail('BAD_INPUT', 'The signing key is not an unencrypted RSA private key in PEM.', {
      fix: 'Give --sign-key an unencrypted RSA key (-----BEGIN PRIVATE KEY----- or -----BEGIN RSA PRIVATE KEY-----); EC keys are not supported.',
    });
  }
  const signer = certs[0]!;
  const pub = signer.publicKey as forge.pki.rsa.PublicKey;
  const rsaKey = key as forge.pki.rsa.PrivateKey;
  if (!pub.n || pub.n.compareTo(rsaKey.n) !== 0) {
    return fail('BAD_INPUT', 'The signing key does not belong to the first certificate in the certificate file.');
  }
  const p7 = forge.pkcs7.createSignedData();
  p7.content = forge.util.createBuffer(content.toString('binary'));
  for (const cert of certs) p7.addCertificate(cert);
  p7.addSigner({
    key: rsaKey,
    certificate: signer,
    digestAlgorithm: forge.pki.oids.sha256!,
    authenticatedAttributes: [
      { type: forge.pki.oids.contentType!, value: forge.pki.oids.data! },
      { type: forge.pki.oids.messageDigest! },
      { type: forge.pki.oids.signingTime! },
    ],
  });
  p7.sign();
  return ok(Buffer.from(forge.asn1.toDer(p7.toAsn1()).getBytes(), 'binary'));
}
