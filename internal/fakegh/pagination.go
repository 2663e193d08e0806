package fakegh

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// Pagination follows GitHub: per_page defaults to 30 and is capped at 100,
// page counts from 1, and the Link header carries absolute URLs (the
// request's host, the API prefix and the query as sent, with page
// replaced) for rel="prev", "next", "last" and "first" where they apply.

const (
	defaultPerPage = 30
	maxPerPage     = 100
)

func queryInt(r *http.Request, name string, fallback int) int {
	n, err := strconv.Atoi(r.URL.Query().Get(name))
	if err != nil || n < 1 {
		return fallback
	}
	return n
}

// paginate returns the slice bounds of the requested page of total items
// and the Link header value ("" when everything fits on one page).
func (s *Server) paginate(r *http.Request, total int) (lo, hi int, link string) {
	perPage := min(queryInt(r, "per_page", defaultPerPage), maxPerPage)
	page := queryInt(r, "page", 1)
	last := max(1, (total+perPage-1)/perPage)
	lo = min((page-1)*perPage, total)
	hi = min(lo+perPage, total)
	return lo, hi, s.linkHeader(r, page, last)
}

func (s *Server) linkHeader(r *http.Request, page, last int) string {
	if last == 1 && page == 1 {
		return ""
	}
	base := "http://" + r.Host + s.prefix + r.URL.EscapedPath()
	var links []string
	add := func(p int, rel string) {
		links = append(links, fmt.Sprintf(`<%s>; rel="%s"`, pageURL(base, r.URL.RawQuery, p), rel))
	}
	if page > 1 {
		add(page-1, "prev")
	}
	if page < last {
		add(page+1, "next")
		add(last, "last")
	}
	if page > 1 {
		add(1, "first")
	}
	return strings.Join(links, ", ")
}

// pageURL keeps the query's parameters in their order, replacing page (or
// appending it).
func pageURL(base, rawQuery string, page int) string {
	var params []string
	replaced := false
	for _, p := range strings.Split(rawQuery, "&") {
		if p == "" {
			continue
		}
		if key, _, _ := strings.Cut(p, "="); key == "page" {
			if replaced {
				continue
			}
			p, replaced = "page="+strconv.Itoa(page), true
		}
		params = append(params, p)
	}
	if !replaced {
		params = append(params, "page="+strconv.Itoa(page))
	}
	return base + "?" + strings.Join(params, "&")
}

func withLink(resp *response, link string) *response {
	if link != "" {
		if resp.header == nil {
			resp.header = http.Header{}
		}
		resp.header.Set("Link", link)
	}
	return resp
}
