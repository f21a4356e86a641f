import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM for the TOTP secrets at rest, with keys derived by HKDF-SHA256 from
 * SESSION_SECRET (and SESSION_SECRET_PREVIOUS during a rotation). A sealed value reads
 * `v1.<keyId>.<iv>.<tag>.<ciphertext>` (base64url parts): the key id is a fingerprint of the
 * derived key, so opening picks the right key without any numbering to keep in config, and a
 * value sealed under the previous secret is known as such (`needsReseal`) and re-encrypted by
 * the caller on its next use. The user id is bound as additional data: a ciphertext copied onto
 * another user's row does not open.
 */
export class SecretBox {
  private readonly keys: Array<{ id: string; key: Buffer }>;

  constructor(current: string, previous?: string) {
    this.keys = [current, ...(previous && previous !== current ? [previous] : [])].map(deriveKey);
  }

  get currentKeyId(): string {
    return this.keys[0].id;
  }

  seal(plaintext: string, boundTo: string): string {
    const { id, key } = this.keys[0];
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(boundTo, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return ['v1', id, iv, cipher.getAuthTag(), ciphertext]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
      .join('.');
  }

  /** The plaintext, or null when no configured key opens it (unknown key, tampered, other user). */
  open(sealed: string, boundTo: string): string | null {
    const [version, id, iv, tag, ciphertext] = sealed.split('.');
    const entry = this.keys.find((k) => k.id === id);
    if (version !== 'v1' || !entry || !iv || !tag || ciphertext === undefined) return null;
    try {
      const decipher = createDecipheriv('aes-256-gcm', entry.key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(boundTo, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([
        decipher.update(Buffer.from(ciphertext, 'base64url')),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      return null;
    }
  }

  /** Sealed under a key other than the current one (the previous secret): seal it again. */
  needsReseal(sealed: string): boolean {
    return sealed.split('.')[1] !== this.currentKeyId;
  }
}

function deriveKey(secret: string): { id: string; key: Buffer } {
  const key = Buffer.from(hkdfSync('sha256', secret, 'comptoir', 'comptoir 2fa secret key v1', 32));
  const id = createHash('sha256').update(key).update('key id').digest('base64url').slice(0, 8);
  return { id, key };
}
