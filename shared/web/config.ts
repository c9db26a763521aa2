import type { Role } from '../domain/model.js';

/** Claims of a local demo token (the same shape `npm run token` signs). */
export interface LocalTokenClaims {
  sub: string;
  name: string;
  role: Role;
  /** null for a system administrator (no unit). */
  unitId: string | null;
  departmentId: string | null;
  email?: string;
}

/** Cognito managed login (OAuth 2.0 authorization code flow with PKCE). */
export interface CognitoSignIn {
  /** e.g. `dialogue-followup.auth.ap-southeast-1.amazoncognito.com` (no scheme). */
  cognitoDomain: string;
  clientId: string;
  /** The registered callback: `<public base URL>/auth/callback`. */
  redirectUri: string;
  /** Only for a confidential app client. */
  clientSecret?: string;
  /** A registered sign-out URL; without it signing out only clears the session cookie. */
  logoutUri?: string;
}

/** How the web pages sign people in: a demo-user picker locally, Cognito in AWS. */
export interface WebConfig {
  signIn: 'local' | CognitoSignIn;
  /** Local mode: signs a demo user's token with the local key pair. */
  signLocalToken?: (claims: LocalTokenClaims) => Promise<string>;
  /** The token exchange's HTTP client (tests inject a fake Cognito). */
  fetch?: typeof fetch;
}
