// A real OpenID Connect provider (node-oidc-provider, certified by the OpenID Foundation)
// for the SSO tests: started by tests/sso/conftest.py on 127.0.0.1, with one confidential
// client. Its development sign-in form accepts any password; the account's id is the
// login typed, and its claims are made from it (fictional). Test use only.
import Provider from 'oidc-provider';

const port = Number(process.env.PORT);
const issuer = `http://127.0.0.1:${port}`;
const provider = new Provider(issuer, {
  clients: [{
    client_id: process.env.CLIENT_ID,
    client_secret: process.env.CLIENT_SECRET,
    redirect_uris: process.env.REDIRECT_URIS.split(' '),
    grant_types: ['authorization_code'],
    response_types: ['code'],
  }],
  claims: { openid: ['sub'], profile: ['preferred_username', 'name', 'groups'], email: ['email'] },
  findAccount: async (ctx, id) => ({
    accountId: id,
    claims: async () => ({
      sub: id,
      preferred_username: id,
      name: `${id} (fictional)`,
      email: `${id}@idp.demo.invalid`,
      groups: id.startsWith('lead') ? ['ciu-admins'] : ['ciu-attorneys'],
    }),
  }),
  features: { devInteractions: { enabled: true } },
  loadExistingGrant: async (ctx) => {
    // consent is the organization's, given once for its own client: grant what is asked
    const grant = new provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid profile email');
    grant.addOIDCClaims(['preferred_username', 'name', 'groups', 'email']);
    await grant.save();
    return grant;
  },
  cookies: { keys: ['fictional-test-cookie-key'] },
});
provider.listen(port, '127.0.0.1', () => { console.log(`LISTENING ${issuer}`); });
