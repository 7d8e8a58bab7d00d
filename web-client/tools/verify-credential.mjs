#!/usr/bin/env node
// Verifies a Recert Open Badges 3.0 credential (VC-JWT) the way any third party can: with the issuer's published JWKS
// and its Bitstring Status List, using the `jose` library only. No Recert code is involved.
//
//   node web-client/tools/verify-credential.mjs <credential.jwt | -> [--issuer-origin https://recert.example.org]
//
// Exit code 0: signature valid, issuer matches, within its validity period, not revoked. 1 otherwise.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { createLocalJWKSet, decodeJwt, jwtVerify } from 'jose';

async function getJson(url, accept = 'application/json') {
  const response = await fetch(url, { headers: { accept } });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return accept === 'application/json' ? response.json() : response.text();
}

/** Whether bit `index` of a multibase ('u' = base64url) GZIP-compressed bitstring is set (bit 0 = first byte's MSB). */
export function statusBit(encodedList, index) {
  if (!encodedList.startsWith('u')) throw new Error('encodedList is not multibase base64url');
  const bits = gunzipSync(Buffer.from(encodedList.slice(1), 'base64url'));
  if (bits.length < 16 * 1024) throw new Error('the status list is shorter than the 16 KB minimum');
  return (bits[Math.floor(index / 8)] & (0x80 >> index % 8)) !== 0;
}

/**
 * Verifies the credential and returns what it proves. `trustedIssuer` is the issuer id the verifier expects (e.g. from
 * the organisation's website); without it the credential's own issuer is used, which proves integrity, not origin.
 */
export async function verifyCredential(jwt, { trustedIssuer, currentDate } = {}) {
  const claimed = decodeJwt(jwt);
  const issuer = trustedIssuer ?? claimed.iss;
  const profile = await getJson(issuer);
  if (profile.id !== issuer || !profile.type?.includes('Profile')) throw new Error('the issuer URL does not serve its Open Badges profile');
  const jwksUrl = profile.publicKey ?? new URL('/.well-known/jwks.json', issuer).toString();
  const keys = createLocalJWKSet(await getJson(jwksUrl));

  const { payload, protectedHeader } = await jwtVerify(jwt, keys, { issuer, algorithms: ['ES256'], currentDate });
  if (!payload.type?.includes('OpenBadgeCredential')) throw new Error('not an OpenBadgeCredential');
  if (!payload['@context']?.includes('https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json')) throw new Error('missing the OB 3.0 context');

  const status = payload.credentialStatus;
  if (status?.type !== 'BitstringStatusListEntry' || status.statusPurpose !== 'revocation') throw new Error('no revocation status entry');
  const listJwt = await getJson(status.statusListCredential, 'application/vc+jwt');
  const { payload: list } = await jwtVerify(listJwt, keys, { issuer, algorithms: ['ES256'], currentDate });
  if (list.id !== status.statusListCredential || list.credentialSubject?.statusPurpose !== 'revocation') throw new Error('the status list does not match the entry');
  const revoked = statusBit(list.credentialSubject.encodedList, Number(status.statusListIndex));

  const name = payload.credentialSubject.identifier?.find((i) => i.identityType === 'name')?.identityHash;
  const number = payload.credentialSubject.identifier?.find((i) => i.identityType === 'identifier')?.identityHash;
  return { valid: !revoked, revoked, kid: protectedHeader.kid, issuer, holder: name, number, achievement: payload.credentialSubject.achievement.name, validFrom: payload.validFrom, validUntil: payload.validUntil };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [source = '-', ...rest] = process.argv.slice(2);
  const originFlag = rest.indexOf('--issuer-origin');
  const trustedIssuer = originFlag >= 0 ? `${rest[originFlag + 1].replace(/\/$/, '')}/api/v1/credentials/issuer` : undefined;
  const jwt = readFileSync(source === '-' ? 0 : source, 'utf8').trim();
  try {
    const result = await verifyCredential(jwt, { trustedIssuer });
    console.log(JSON.stringify(result, null, 2));
    console.log(result.revoked ? 'REVOKED: the issuer has revoked this credential (or the certification lapsed).' : 'VALID: signature, issuer, dates and status check out.');
    process.exit(result.revoked ? 1 : 0);
  } catch (error) {
    console.error(`NOT VALID: ${error.message}`);
    process.exit(1);
  }
}
