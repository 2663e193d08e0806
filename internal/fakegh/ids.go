package fakegh

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"fmt"
)

// GitHub's current global node ids are a type prefix and the URL-safe
// base64 of a MessagePack array: [version, repository id, object id] for
// objects inside a repository (e.g. "WFR_kwLO..." for a workflow run,
// "CR_kwDO..." for a job's check run), [version, id] for top-level ones.
// Producing them the same way makes the fake's node_id values look and
// decode like real ones.

func nodeID(prefix string, version uint64, ids ...uint64) string {
	buf := []byte{0x90 | byte(len(ids)+1)} // fixarray
	buf = appendMsgpackUint(buf, version)
	for _, id := range ids {
		buf = appendMsgpackUint(buf, id)
	}
	return prefix + "_" + base64.RawURLEncoding.EncodeToString(buf)
}

// appendMsgpackUint writes v in MessagePack's smallest unsigned encoding.
func appendMsgpackUint(buf []byte, v uint64) []byte {
	switch {
	case v <= 0x7f:
		return append(buf, byte(v))
	case v <= 0xff:
		return append(buf, 0xcc, byte(v))
	case v <= 0xffff:
		return binary.BigEndian.AppendUint16(append(buf, 0xcd), uint16(v))
	case v <= 0xffffffff:
		return binary.BigEndian.AppendUint32(append(buf, 0xce), uint32(v))
	}
	return binary.BigEndian.AppendUint64(append(buf, 0xcf), v)
}

func repoNodeID(repoID int64) string { return nodeID("R", 0, uint64(repoID)) }

func workflowNodeID(repoID, id int64) string {
	return nodeID("W", 0, uint64(repoID), uint64(id))
}

func runNodeID(repoID, id int64) string {
	return nodeID("WFR", 2, uint64(repoID), uint64(id))
}

func jobNodeID(repoID, id int64) string {
	return nodeID("CR", 0, uint64(repoID), uint64(id))
}

func checkSuiteNodeID(repoID, id int64) string {
	return nodeID("CS", 0, uint64(repoID), uint64(id))
}

func userNodeID(u User) string {
	if u.Bot {
		return nodeID("BOT", 0, uint64(u.ID))
	}
	return nodeID("U", 0, uint64(u.ID))
}

func orgNodeID(id int64) string { return nodeID("O", 0, uint64(id)) }

// fakeHex derives a stable hex string of n digits from seed words, for
// commit SHAs, action pins and similar opaque values.
func fakeHex(n int, seed ...any) string {
	h := sha256.Sum256([]byte(fmt.Sprint(seed...)))
	out := hex.EncodeToString(h[:])
	for len(out) < n {
		h = sha256.Sum256(h[:])
		out += hex.EncodeToString(h[:])
	}
	return out[:n]
}

// fakeUUID derives a stable version-4-shaped UUID from seed words.
func fakeUUID(seed ...any) string {
	x := fakeHex(32, seed...)
	return x[0:8] + "-" + x[8:12] + "-4" + x[13:16] + "-a" + x[17:20] + "-" + x[20:32]
}
