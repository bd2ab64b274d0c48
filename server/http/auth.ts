import type { IncomingMessage } from 'node:http';
import { SignJWT, jwtVerify } from 'jose';
import { newUuid } from '../ids.ts';
import { verifyPassword } from '../domain/passwords.ts';
import type { Store } from '../store/store.ts';
import type { UserDoc } from '../store/types.ts';
import { HttpError, badRequest, json, unauthorized } from './reply.ts';

const TOKEN_AUDIENCE = 'https://tiledesk.com';
const TOKEN_ISSUER = 'https://tiledesk.com';

export type Identity =
  | { kind: 'user'; id: string; user: UserDoc; fullName: string; email: string }
  | { kind: 'guest'; id: string; firstname: string; lastname?: string; fullName: string; email?: string };

export interface GuestProfile {
  id: string;
  firstname: string;
  lastname?: string;
  email?: string;
}

function fullNameOf(firstname: string, lastname: string | undefined): string {
  return `${firstname} ${lastname ?? ''}`;
}

function userIdentity(user: UserDoc): Identity {
  return { kind: 'user', id: user._id, user, fullName: fullNameOf(user.firstname, user.lastname), email: user.email };
}

export type PasswordCheck = { user: UserDoc } | { failure: 'unknown' | 'wrong' };

/**
 * Credentials as passport's `['basic','jwt']` chain sees them on the real server. Tokens are HS256 JWTs
 * without `exp` (as there), signed with a secret generated per data directory.
 */
export class Authenticator {
  readonly #store: Store;
  readonly #secret: Uint8Array;

  constructor(store: Store, secret: Uint8Array) {
    this.#store = store;
    this.#secret = secret;
  }

  async #sign(claims: Record<string, unknown>, subject: 'user' | 'guest'): Promise<string> {
    const jwt = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuedAt()
      .setAudience(TOKEN_AUDIENCE)
      .setIssuer(TOKEN_ISSUER)
      .setSubject(subject)
      .setJti(newUuid())
      .sign(this.#secret);
    return `JWT ${jwt}`;
  }

  /** The token string as the sign-in routes return it, `"JWT <jwt>"`. */
  userToken(user: UserDoc): Promise<string> {
    const { _id, email, firstname, lastname, emailverified } = user;
    return this.#sign({ _id, email, firstname, lastname, emailverified }, 'user');
  }

  guestToken(guest: GuestProfile): Promise<string> {
    const claims: Record<string, unknown> = { _id: guest.id, firstname: guest.firstname };
    if (guest.lastname !== undefined) claims.lastname = guest.lastname;
    if (guest.email !== undefined) claims.email = guest.email;
    claims.id = guest.id;
    claims.fullName = fullNameOf(guest.firstname, guest.lastname);
    return this.#sign(claims, 'guest');
  }

  /** Verifies a bare JWT (no scheme) and resolves whom it names; `undefined` for anything not acceptable. */
  async identify(token: string): Promise<Identity | undefined> {
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, this.#secret, { algorithms: ['HS256'] }));
    } catch {
      return undefined;
    }
    const id = payload._id;
    if (typeof id !== 'string') return undefined;
    if (payload.sub === 'user') {
      const user = this.#store.users.get(id);
      return user && user.status === 100 ? userIdentity(user) : undefined;
    }
    if (payload.sub === 'guest') {
      const firstname = typeof payload.firstname === 'string' ? payload.firstname : 'Guest';
      const lastname = typeof payload.lastname === 'string' ? payload.lastname : undefined;
      return {
        kind: 'guest',
        id,
        firstname,
        ...(lastname !== undefined ? { lastname } : {}),
        fullName: typeof payload.fullName === 'string' ? payload.fullName : fullNameOf(firstname, lastname),
        ...(typeof payload.email === 'string' ? { email: payload.email } : {}),
      };
    }
    return undefined;
  }

  async checkPassword(email: string, password: string): Promise<PasswordCheck> {
    const user = this.#store.users.findOne('email = ?', [email.toLowerCase()]);
    if (!user || user.status !== 100) return { failure: 'unknown' };
    const hash = this.#store.passwordHash(user._id);
    return hash && (await verifyPassword(password, hash)) ? { user } : { failure: 'wrong' };
  }

  /**
   * `Authorization: JWT <t>` (scheme case-insensitive) or `Basic base64(email:password)`. Missing or wrong
   * credentials → 401 plain `Unauthorized` with the Basic challenge; a one-word header → 400 `Bad Request`;
   * a valid `?secret_token=` without the header → 403, as the real `valid-token` middleware answers.
   */
  async authenticate(req: IncomingMessage, query: URLSearchParams): Promise<Identity> {
    const header = req.headers.authorization;
    if (!header) {
      const queryToken = query.get('secret_token');
      if (queryToken && (await this.identify(queryToken.replace(/^JWT\s+/i, '')))) {
        throw new HttpError(json(403, { success: false, msg: 'Unauthorized.' }));
      }
      throw unauthorized();
    }
    const match = /^\s*(\S+)\s+(\S+)/.exec(header);
    if (header.split(' ').length < 2 || !match) throw badRequest();
    const [, scheme = '', credentials = ''] = match;
    if (/^basic$/i.test(scheme)) {
      const decoded = Buffer.from(credentials, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon < 0) throw badRequest();
      const check = await this.checkPassword(decoded.slice(0, colon), decoded.slice(colon + 1));
      if ('user' in check) return userIdentity(check.user);
      throw unauthorized();
    }
    if (/^jwt$/i.test(scheme)) {
      const identity = await this.identify(credentials);
      if (identity) return identity;
    }
    throw unauthorized();
  }
}
