"""Runs SQL through actionsql.so loaded into Python's sqlite3 module.

Usage: python3 hosts.py < request.json

The request names the extension ("ext") and a list of "queries"; "mode"
says how to run them:

  threads  "threads" threads at once, each with its own connection, each
           running every query; prints {"threads": [[result, ...], ...]}
  twice    one connection that loads the extension twice; prints
           {"results": [result, ...]}
  script   one connection, the queries in order; before each, the
           environment variables in "setenv" (a list, one object per
           query) are set in os.environ; prints {"results": [...]}

A result is {"columns": [...], "rows": [[...], ...]} or {"error": message}.
"""

import json
import os
import sqlite3
import sys
import threading


def connect(ext, loads=1):
    conn = sqlite3.connect(":memory:", check_same_thread=False)
    conn.enable_load_extension(True)
    for _ in range(loads):
        conn.load_extension(ext)
    conn.enable_load_extension(False)
    return conn


def run(conn, sql):
    try:
        cur = conn.execute(sql)
        rows = [list(r) for r in cur.fetchall()]
        columns = [d[0] for d in cur.description or []]
        return {"columns": columns, "rows": rows}
    except sqlite3.Error as e:
        return {"error": str(e)}


def main():
    req = json.load(sys.stdin)
    ext, queries, mode = req["ext"], req["queries"], req["mode"]
    if mode == "threads":
        n = req["threads"]
        out = [None] * n
        start = threading.Barrier(n)

        def worker(i):
            start.wait()  # all threads load and query at the same time
            conn = connect(ext)
            out[i] = [run(conn, q) for q in queries]
            conn.close()

        threads = [threading.Thread(target=worker, args=(i,)) for i in range(n)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        json.dump({"threads": out}, sys.stdout)
    elif mode == "twice":
        conn = connect(ext, loads=2)
        json.dump({"results": [run(conn, q) for q in queries]}, sys.stdout)
    elif mode == "script":
        conn = connect(ext)
        results = []
        for i, q in enumerate(queries):
            for name, value in (req.get("setenv") or [{}] * len(queries))[i].items():
                os.environ[name] = value
            results.append(run(conn, q))
        json.dump({"results": results}, sys.stdout)
    else:
        sys.exit("unknown mode " + mode)


if __name__ == "__main__":
    main()
