// HR sign-in: OAuth2 authorization code + PKCE (S256) through oidc-client-ts, configured with
// explicit endpoints (no discovery): the Cognito hosted UI in AWS, the local stack's own
// /oauth2/authorize and /oauth2/token locally. One code path for both.
import { UserManager, WebStorageStateStore, type User } from "oidc-client-ts";
import type { AuthConfig } from "../config";

export function redirectUri(auth?: AuthConfig): string {
  return auth?.redirectUri ?? `${window.location.origin}/console/`;
}

export function makeUserManager(auth: AuthConfig): UserManager {
  const scope = Array.isArray(auth.scopes) ? auth.scopes.join(" ") : auth.scopes;
  return new UserManager({
    authority: new URL(auth.authorizeUrl).origin,
    metadata: {
      issuer: new URL(auth.authorizeUrl).origin,
      authorization_endpoint: auth.authorizeUrl,
      token_endpoint: auth.tokenUrl,
      // Cognito's (and the local sign-in's) sign-out of a refresh token: /oauth2/revoke beside /oauth2/token.
      revocation_endpoint: auth.tokenUrl.replace(/\/token$/, "/revoke"),
    },
    client_id: auth.clientId,
    redirect_uri: redirectUri(auth),
    response_type: "code",
    scope,
    loadUserInfo: false,
    automaticSilentRenew: false,
    monitorSession: false,
    // The session lives in this tab only: closing it signs the HR user out. So does a sign-in's PKCE state.
    userStore: new WebStorageStateStore({ store: window.sessionStorage }),
    stateStore: new WebStorageStateStore({ store: window.sessionStorage }),
  });
}

/** The user after a redirect back from the authorize page (code in the query), else the stored one. */
export async function completeSignIn(manager: UserManager): Promise<User | null> {
  const params = new URLSearchParams(window.location.search);
  if (params.has("code") || params.has("error")) {
    try {
      return await manager.signinRedirectCallback();
    } finally {
      window.history.replaceState(null, "", `${window.location.pathname}${window.location.hash}`);
    }
  }
  const user = await manager.getUser();
  return user && !user.expired ? user : null;
}

export async function signOut(manager: UserManager, auth: AuthConfig): Promise<void> {
  // The logout page ends the hosted UI's session, not the refresh token: revoked first (a copy of it, left in a
  // tab's storage or a proxy's log, would otherwise sign in for hours). Best effort: signing out goes on.
  await manager.revokeTokens(["refresh_token"]).catch(() => undefined);
  await manager.removeUser();
  if (auth.logoutUrl) {
    const url = new URL(auth.logoutUrl);
    url.searchParams.set("client_id", auth.clientId);
    url.searchParams.set("logout_uri", auth.logoutRedirectUri ?? redirectUri(auth));
    window.location.assign(url.toString());
  } else {
    window.location.assign(redirectUri(auth));
  }
}

export function displayName(user: User): string {
  const profile = user.profile as Record<string, unknown>;
  for (const claim of ["name", "email", "preferred_username", "username", "cognito:username", "sub"]) {
    if (typeof profile[claim] === "string" && profile[claim]) return profile[claim] as string;
  }
  return "HR";
}
