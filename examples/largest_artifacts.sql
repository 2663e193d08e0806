-- The largest artifacts, with the run that uploaded them and whether they can still be downloaded
SELECT a.name, round(a.size_in_bytes / 1024.0, 1) AS kib, a.created_at, a.expires_at,
       CASE a.expired WHEN 1 THEN 'expired' ELSE 'downloadable' END AS state,
       a.run_id, a.head_branch
FROM artifacts a
ORDER BY a.size_in_bytes DESC, a.id
LIMIT 10;
