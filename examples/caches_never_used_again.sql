-- Caches saved and never restored since: keys that change every run (a commit SHA in the key) or a pull request's own
SELECT ref, key, round(size_in_bytes / 1048576.0, 1) AS mib, created_at
FROM caches
WHERE last_accessed_at <= created_at
ORDER BY size_in_bytes DESC, key;
