package fakegh

import (
	"slices"
	"strings"
)

// Accounts: the organizations and users of a data set, who may see which
// repository, and which organizations enforce SAML single sign-on.
//
// A token authenticates as a user: Options.TokenLogins names the user of
// each token, and any other accepted token is DemoUser's (mona), a member
// of octo-org and of sso-org. Members of an organization see its private
// repositories; a user sees their own. Anonymous callers see public
// repositories only.

// Account is an organization or a user.
type Account struct {
	Login string
	ID    int64
	Org   bool   // an organization; otherwise a user
	Name  string // display name
	// Members are the users of an organization, who see its private
	// repositories and, with SAMLSSO, need an authorized token.
	Members []string
	// SAMLSSO: the organization enforces SAML single sign-on. A member's
	// token not authorized for it (Options.SSOAuthorizedTokens) gets 403
	// on the organization's endpoints and repositories.
	SAMLSSO bool
}

// account finds an account by login, case-insensitively as on GitHub. An
// owner of some repository that Accounts does not list is an organization
// that every token belongs to (hand-built data sets).
func (d *Dataset) account(login string) *Account {
	for _, a := range d.Accounts {
		if strings.EqualFold(a.Login, login) {
			return a
		}
	}
	for _, r := range d.Repos {
		if strings.EqualFold(r.Owner, login) && !r.OwnerIsUser {
			return &Account{Login: r.Owner, ID: r.OwnerID, Org: true}
		}
	}
	return nil
}

// isMember reports whether the caller belongs to the organization. In an
// organization with no member list, every token does.
func (a *Account) isMember(c caller) bool {
	if c.anonymous() || !a.Org {
		return false
	}
	return a.Members == nil || slices.ContainsFunc(a.Members, func(m string) bool { return strings.EqualFold(m, c.login) })
}

// canSee reports whether the caller may see the repository: anyone a
// public one, a private one its owner or the owning organization's
// members.
func (d *Dataset) canSee(c caller, r *Repo) bool {
	if !r.Private {
		return true
	}
	if c.anonymous() {
		return false
	}
	if r.OwnerIsUser {
		return strings.EqualFold(r.Owner, c.login)
	}
	owner := d.account(r.Owner)
	return owner != nil && owner.isMember(c)
}

// reposOf lists the repositories owned by login that the caller may see,
// in the data set's order.
func (d *Dataset) reposOf(c caller, login string) []*Repo {
	var out []*Repo
	for _, r := range d.Repos {
		if strings.EqualFold(r.Owner, login) && d.canSee(c, r) {
			out = append(out, r)
		}
	}
	return out
}
