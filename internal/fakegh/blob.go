package fakegh

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// The blob host imitates the Azure storage that GitHub's log redirects
// point to: URLs carry a shared-access signature that expires, errors are
// XML, and the host rejects an Authorization header (a client must not
// forward its GitHub token to a third-party host).

const (
	logURLLifetime = 60 * time.Second
	blobAPIVersion = "2025-01-05"
	// BlobPathPrefix starts the path of every blob-host request.
	BlobPathPrefix = "/actions-results/"
)

// blobPath names a job's log blob; the job id is the last group of the
// second UUID, which is how the blob host finds the job again.
func blobPath(jobID int64) string {
	run := fakeUUID("results", jobID)
	job := fakeHex(20, "job", jobID)
	return fmt.Sprintf("%s%s/workflow-job-run-%s-%s-4%s-a%s-%012x/logs/job/job-logs.txt",
		BlobPathPrefix, run, job[:8], job[8:12], job[13:16], job[17:20], jobID)
}

func jobIDFromBlobPath(path string) (int64, bool) {
	if !strings.HasPrefix(path, BlobPathPrefix) || !strings.HasSuffix(path, "/logs/job/job-logs.txt") {
		return 0, false
	}
	parts := strings.Split(path, "/")
	if len(parts) < 4 {
		return 0, false
	}
	seg := parts[3]
	id, err := strconv.ParseInt(seg[strings.LastIndex(seg, "-")+1:], 16, 64)
	return id, err == nil
}

// signedLogURL is the redirect target for a job's log, valid for 60 s.
func (s *Server) signedLogURL(jobID int64) string { return s.signedURL(blobPath(jobID), "text/plain") }

// sign is the signature over what the URL grants: read access to this
// path within [st, se].
func (s *Server) sign(path, st, se string) string {
	mac := hmac.New(sha256.New, s.signKey)
	fmt.Fprintf(mac, "r\n%s\n%s\n%s", st, se, path)
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

func (s *Server) serveBlob(w http.ResponseWriter, r *http.Request) {
	s.record("BLOB ", r)
	s.delay(r.Context())
	s.answerBlob.ServeHTTP(w, r)
}

// blob answers a blob-host request that Options.Intercept let through.
func (s *Server) blob(w http.ResponseWriter, r *http.Request) {
	if s.fault(w, r) {
		return
	}
	if r.Header.Get("Authorization") != "" {
		s.blobError(w, http.StatusBadRequest, "InvalidAuthenticationInfo",
			"Authentication information is not given in the correct format. Check the value of Authorization header.", "")
		return
	}
	if detail := s.checkSignature(r); detail != "" {
		s.blobError(w, http.StatusForbidden, "AuthenticationFailed",
			"Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.", detail)
		return
	}
	if id, ok := artifactIDFromBlobPath(r.URL.Path); ok {
		s.serveArtifact(w, r, id)
		return
	}
	jobID, _ := jobIDFromBlobPath(r.URL.Path)
	body, ok := s.data.OpenLog(jobID)
	if !ok {
		s.blobError(w, http.StatusNotFound, "BlobNotFound", "The specified blob does not exist.", "")
		return
	}
	s.serveLog(w, r, jobID, body)
}

// checkSignature returns why the URL's signature is not acceptable, or "".
func (s *Server) checkSignature(r *http.Request) string {
	q := r.URL.Query()
	se, err := time.Parse(time.RFC3339, q.Get("se"))
	if err != nil || q.Get("sig") == "" {
		return "Signature fields not well formed."
	}
	want := s.sign(r.URL.Path, q.Get("st"), q.Get("se"))
	if !hmac.Equal([]byte(want), []byte(q.Get("sig"))) {
		return "Signature did not match. String to sign used was r\n" + q.Get("st") + "\n" + q.Get("se") + "\n" + r.URL.Path
	}
	if now := s.now(); now.After(se) {
		return fmt.Sprintf("Signed expiry time [%s] has to be after current time [%s]",
			se.UTC().Format(http.TimeFormat), now.UTC().Format(http.TimeFormat))
	}
	return ""
}

// serveLog sends the log as Azure does; http.ServeContent adds Range and
// conditional-request support, which clients use to resume downloads.
func (s *Server) serveLog(w http.ResponseWriter, r *http.Request, jobID int64, body io.ReadSeeker) {
	h := w.Header()
	h.Set("Content-Type", "text/plain")
	h.Set("ETag", `"0x8DD`+strings.ToUpper(fakeHex(11, "etag", jobID))+`"`)
	h.Set("x-ms-request-id", fakeUUID("blob-request", jobID, s.requestID()))
	h.Set("x-ms-version", blobAPIVersion)
	h.Set("x-ms-blob-type", "BlockBlob")
	h.Set("Server", "Windows-Azure-Blob/1.0 Microsoft-HTTPAPI/2.0")
	var modified time.Time
	if job, ok := s.data.Job(jobID); ok && job.CompletedAt != nil {
		modified = job.CompletedAt.Time
	}
	http.ServeContent(w, r, "", modified, body)
}

func (s *Server) blobError(w http.ResponseWriter, status int, code, message, detail string) {
	id := fakeUUID("blob-error", s.requestID())
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="utf-8"?><Error><Code>` + code + `</Code><Message>`)
	b.WriteString(message + "\nRequestId:" + id + "\nTime:" + s.now().UTC().Format(logTimeLayout) + "</Message>")
	if detail != "" {
		b.WriteString("<AuthenticationErrorDetail>" + xmlEscape(detail) + "</AuthenticationErrorDetail>")
	}
	b.WriteString("</Error>")
	h := w.Header()
	h.Set("Content-Type", "application/xml")
	h.Set("x-ms-request-id", id)
	h.Set("x-ms-error-code", code)
	h.Set("Server", "Microsoft-HTTPAPI/2.0")
	w.WriteHeader(status)
	w.Write([]byte(b.String()))
}

func xmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}
