package fakegh

import (
	"encoding/base64"
	"net/http"
	"slices"
)

// SAML single sign-on, as GitHub enforces it: an organization that
// enforces it answers a member's token that was not authorized for it
// with 403, GitHub's message, and an X-GitHub-SSO header carrying the URL
// where the token is authorized, on its listing (/orgs/{org}/...) and on
// every /repos/{org}/... endpoint, whether the repository exists or not.
// Anonymous callers and tokens of non-members are not asked: they see the
// public repositories, as on GitHub.

const samlDocs = "https://docs.github.com/articles/authenticating-to-a-github-organization-with-saml-single-sign-on/"

// samlMessage is GitHub's message for a token not authorized for the
// organization.
const samlMessage = "Resource protected by organization SAML enforcement. You must grant your Personal Access token access to this organization."

// samlGate answers 403 when the request reaches into an organization that
// enforces SAML single sign-on with a token not authorized for it; nil
// lets the request through.
func (s *Server) samlGate(r *http.Request) *response {
	login := r.PathValue("owner")
	if login == "" {
		login = r.PathValue("org")
	}
	if login == "" {
		return nil
	}
	org := s.data.account(login)
	c := callerOf(r)
	if org == nil || !org.SAMLSSO || !org.isMember(c) || s.ssoAuthorized(c) {
		return nil
	}
	resp := errorResponse(http.StatusForbidden, samlMessage, samlDocs)
	resp.header = http.Header{}
	resp.header.Set("X-GitHub-SSO", "required; url=https://github.com/orgs/"+org.Login+"/sso?authorization_request="+authorizationRequest(c.token, org.Login))
	return resp
}

func (s *Server) ssoAuthorized(c caller) bool {
	return slices.Contains(s.opts.SSOAuthorizedTokens, c.token)
}

// authorizationRequest is the opaque code of the authorization URL, stable
// per token and organization (GitHub's look like "AZSCKtL4U8yX1H3s...").
func authorizationRequest(token, org string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(fakeHex(40, "sso", token, org)))[:40]
}
