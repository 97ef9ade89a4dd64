// A real OpenID provider (oidc-provider) for the portal's federation tests.
//
// Two clients: "proconnect" behaves like ProConnect (userinfo as a signed JWT, acr and amr
// requested through the claims parameter, client_secret_post, RP-initiated logout) and "psc"
// like Pro Santé Connect (client_secret_basic, PKCE, "scope_all"). The accounts are registered
// by the tests (POST /__test/accounts); the login is automatic for the subject given as
// login_hint, otherwise the provider shows a one-field form (so a test can see that the
// provider asks again). Nothing here is mocked on the portal's side: the portal talks to this
// process over HTTP like it would talk to the federation.
//
// Usage: node provider.js PORT PORTAL_ORIGIN [PORTAL_ORIGIN...]; prints "ready ISSUER" once
// listening.
import { generateKeyPair, exportJWK, SignJWT, decodeJwt, decodeProtectedHeader } from 'jose';
import Provider from 'oidc-provider';

const [port, ...portalOrigins] = process.argv.slice(2);
const issuer = `http://127.0.0.1:${port}`;
const CALLBACK = (id) => `/comptes/oidc/${id}/login/callback/`;
const POST_LOGOUT = '/comptes/oidc/deconnexion/';

// Accounts registered by the tests: sub -> {claims, acr, amr}.
const accounts = new Map();
// What the tests inspect: end-session requests that reached the provider.
const journal = { endSession: [], logouts: 0 };
let tamper = false;

async function rsaJwk(kid) {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  return { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' };
}

const signingKey = await rsaJwk('masp-test-key');
// Same kid, another key: what a forger (or a swapped key) would sign with.
const { privateKey: rogueKey } = await generateKeyPair('RS256');

function allowedPortalUrl(value, path) {
  try {
    const url = new URL(value);
    // "http://localhost:*": any port of that host (a live server's port is only known later).
    const known = portalOrigins.some((origin) => (origin.endsWith(':*')
      ? url.origin.startsWith(origin.slice(0, -1)) && /^\d+$/.test(url.port)
      : url.origin === origin));
    return known && url.pathname === path;
  } catch {
    return false;
  }
}

const client = (id, extra) => ({
  client_id: id,
  client_secret: `${id}-secret`,
  redirect_uris: [`${portalOrigins[0]}${CALLBACK(id)}`],
  post_logout_redirect_uris: [`${portalOrigins[0]}${POST_LOGOUT}`],
  grant_types: ['authorization_code'],
  response_types: ['code'],
  ...extra,
});

const configuration = {
  clients: [
    client('proconnect', {
      token_endpoint_auth_method: 'client_secret_post',
      userinfo_signed_response_alg: 'RS256',
    }),
    client('psc', { token_endpoint_auth_method: 'client_secret_basic' }),
  ],
  jwks: { keys: [signingKey] },
  cookies: { keys: ['masp-test-cookie-key'] },
  acrValues: ['eidas1', 'eidas2', 'eidas3'],
  scopes: ['openid', 'email', 'given_name', 'usual_name', 'siret', 'idp_id', 'uid', 'scope_all'],
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    given_name: ['given_name'],
    usual_name: ['usual_name'],
    siret: ['siret'],
    idp_id: ['idp_id'],
    uid: ['uid'],
    // Pro Santé Connect's single scope.
    scope_all: ['given_name', 'family_name', 'email', 'email_verified', 'SubjectRefPro'],
    // A claim the portal must never read: a forged "role" or region.
    role: ['role', 'region'],
    acr: ['acr'],
    amr: ['amr'],
  },
  features: {
    devInteractions: { enabled: false },
    claimsParameter: { enabled: true },
    jwtUserinfo: { enabled: true },
    rpInitiatedLogout: {
      enabled: true,
      logoutSource: async (ctx, form) => {
        // ProConnect answers end-session with redirections only: confirm at once.
        const confirmed = form.replace('</form>', '<input type="hidden" name="logout" value="yes"/></form>');
        ctx.body = `<!DOCTYPE html><html lang="fr"><head><title>Déconnexion</title></head>
          <body>${confirmed}<script>document.forms[0].submit()</script></body></html>`;
      },
    },
  },
  pkce: { required: () => false },
  ttl: { Session: 3600, Interaction: 600, Grant: 3600, AccessToken: 60, AuthorizationCode: 30, IdToken: 3600 },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(ctx, sub) {
    const account = accounts.get(sub);
    if (!account) return undefined;
    return { accountId: sub, claims: async () => ({ sub, ...account.claims }) };
  },
  // First-party clients: consent is implied, every requested scope and claim is granted.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId
      || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope(ctx.oidc.params.scope);
    grant.addOIDCClaims(['acr', 'amr', 'email', 'email_verified', 'given_name', 'usual_name',
      'family_name', 'siret', 'idp_id', 'uid', 'role', 'region', 'SubjectRefPro']);
    await grant.save();
    ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId, grant.jti);
    return grant;
  },
  renderError: async (ctx, out) => {
    ctx.type = 'html';
    ctx.body = `<!DOCTYPE html><html><body><h1>oidc error</h1><pre>${JSON.stringify(out)}</pre></body></html>`;
  },
};

const provider = new Provider(issuer, configuration);
// The portal's origins (the test client's and the live server's) are only known at run time.
provider.Client.prototype.redirectUriAllowed = function redirectUriAllowed(value) {
  return allowedPortalUrl(value, CALLBACK(this.clientId));
};
provider.Client.prototype.postLogoutRedirectUriAllowed = function postLogoutAllowed(value) {
  return allowedPortalUrl(value, POST_LOGOUT);
};
provider.on('end_session.success', () => { journal.logouts += 1; });

function readJson(ctx) {
  return new Promise((resolve, reject) => {
    let body = '';
    ctx.req.on('data', (chunk) => { body += chunk; });
    ctx.req.on('end', () => { try { resolve(JSON.parse(body || '{}')); } catch (e) { reject(e); } });
  });
}

const loginForm = (uid) => `<!DOCTYPE html><html lang="fr"><head><title>Fournisseur d'identité de test</title></head>
  <body><h1>Fournisseur d'identité de test</h1>
  <form method="get" action="/interaction/${uid}"><label for="login">Identifiant</label>
  <input id="login" name="login"><button type="submit">Se connecter</button></form></body></html>`;

provider.use(async (ctx, next) => {
  if (ctx.path === '/__test/accounts' && ctx.method === 'POST') {
    const body = await readJson(ctx);
    for (const [sub, account] of Object.entries(body)) accounts.set(sub, account);
    ctx.body = { ok: true };
    return;
  }
  if (ctx.path === '/__test/tamper' && ctx.method === 'POST') {
    tamper = Boolean((await readJson(ctx)).on);
    ctx.body = { tamper };
    return;
  }
  if (ctx.path === '/__test/journal') {
    ctx.body = journal;
    return;
  }
  if (ctx.path === '/session/end' || ctx.path === '/session/end/confirm') {
    journal.endSession.push({ path: ctx.path, query: ctx.query });
  }
  const match = ctx.path.match(/^\/interaction\/([^/]+)$/);
  if (match && ctx.method === 'GET') {
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    const sub = ctx.query.login || details.params.login_hint;
    if (details.prompt.name === 'login' && !(sub && accounts.has(sub))) {
      ctx.type = 'html';
      ctx.body = loginForm(match[1]);
      return;
    }
    const account = accounts.get(sub || details.session?.accountId) || {};
    const result = details.prompt.name === 'login'
      ? { login: { accountId: sub, acr: account.acr || 'eidas1', amr: account.amr || ['pwd'] } }
      : {};
    ctx.redirect(await provider.interactionResult(ctx.req, ctx.res, result, { mergeWithLastSubmission: false }));
    return;
  }
  await next();
  if (tamper && ctx.path === '/me' && ctx.type === 'application/jwt') {
    // Same header (kid), same claims, signed with a key the provider never published.
    const jwt = String(ctx.body);
    ctx.body = await new SignJWT(decodeJwt(jwt)).setProtectedHeader(decodeProtectedHeader(jwt)).sign(rogueKey);
  }
});

provider.listen(Number(port), '127.0.0.1', () => {
  process.stdout.write(`ready ${issuer}\n`);
});
