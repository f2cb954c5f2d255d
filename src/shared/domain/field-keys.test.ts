import { describe, expect, it } from 'vitest';
import { formatCertificate, isZ85Key, KeyFileError, parseCertificate, z85Encode } from './field-keys';

describe('Z85 and zcert key files', () => {
  it('encodes the Z85 test vector from the ZeroMQ specification', () => {
    expect(z85Encode(new Uint8Array([0x86, 0x4f, 0xd2, 0x6f, 0xb5, 0x59, 0xf7, 0x5b]))).toBe('HelloWorld');
    expect(() => z85Encode(new Uint8Array(3))).toThrow(RangeError);
  });

  it('round-trips a certificate whose key contains "#"', () => {
    const cert = { publicKey: 'P<!IobW@I-==90kh5/x[f$qK#PJiC6T>%GJ>1t*$', secretKey: 'i?uwcr4r&8j[*tHNj4K7Do})$JHAp<g1V$cFUdp<', name: 'gateway' };
    expect(isZ85Key(cert.publicKey)).toBe(true);
    expect(parseCertificate(formatCertificate(cert, true))).toEqual(cert);
    expect(parseCertificate(formatCertificate(cert, false))).toEqual({ publicKey: cert.publicKey, name: 'gateway' });
  });

  it('refuses files without a valid key', () => {
    expect(() => parseCertificate('curve\n    public-key = "short"\n')).toThrow(KeyFileError);
    expect(() => parseCertificate('metadata\n')).toThrow(/public-key/);
    expect(() => parseCertificate('curve\n    public-key = "P<!IobW@I-==90kh5/x[f$qK#PJiC6T>%GJ>1t*$"\n    secret-key = "nope"\n')).toThrow(/secret-key/);
  });
});
