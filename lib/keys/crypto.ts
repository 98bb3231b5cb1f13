/**
 * WebCrypto primitives for the credential vault: PBKDF2-SHA-256 key derivation and AES-GCM-256.
 * Works wherever `crypto.subtle` is global (MV3 service workers, extension pages, Node ≥ 20).
 */

/** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA-256. */
export const PBKDF2_ITERATIONS = 600_000;
/** Stored iteration counts outside this range are refused (a tampered value could hang the worker). */
export const PBKDF2_MIN_ITERATIONS = 100_000;
export const PBKDF2_MAX_ITERATIONS = 10_000_000;
export const SALT_BYTES = 16;
/** 96-bit IV, the size AES-GCM is specified for; a fresh random one for every encryption. */
export const IV_BYTES = 12;

export interface KdfParams {
  name: 'PBKDF2';
  hash: 'SHA-256';
  iterations: number;
  /** Base64. */
  salt: string;
}

export interface Sealed {
  /** Base64 of the 12-byte IV. */
  iv: string;
  /** Base64 of ciphertext followed by the 16-byte GCM tag. */
  ct: string;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

export function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

export function newKdfParams(iterations: number = PBKDF2_ITERATIONS): KdfParams {
  return { name: 'PBKDF2', hash: 'SHA-256', iterations, salt: toBase64(crypto.getRandomValues(new Uint8Array(SALT_BYTES))) };
}

/** Derives a non-extractable AES-GCM-256 key from a passphrase (NFC-normalised, not trimmed). */
export async function deriveKey(passphrase: string, params: KdfParams): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey('raw', encoder.encode(passphrase.normalize('NFC')), 'PBKDF2', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: params.hash, salt: fromBase64(params.salt), iterations: params.iterations },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

/** Encrypts UTF-8 text; `context` is bound as additional authenticated data (not secret, not stored). */
export async function encryptText(key: CryptoKey, plaintext: string, context: string): Promise<Sealed> {
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const ct = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: encoder.encode(context), tagLength: 128 }, key, encoder.encode(plaintext));
  return { iv: toBase64(iv), ct: toBase64(new Uint8Array(ct)) };
}

/** Decrypts; returns null when the key, the context or the data do not match (GCM tag check fails). */
export async function decryptText(key: CryptoKey, sealed: Sealed, context: string): Promise<string | null> {
  try {
    const plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: fromBase64(sealed.iv), additionalData: encoder.encode(context), tagLength: 128 },
      key,
      fromBase64(sealed.ct),
    );
    return decoder.decode(plain);
  } catch {
    return null;
  }
}
