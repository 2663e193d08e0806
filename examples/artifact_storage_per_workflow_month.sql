-- Artifact storage per workflow and month (expired artifacts are listed, and counted, until GitHub deletes them)
WITH r AS MATERIALIZED (SELECT id, name FROM runs),
     a AS MATERIALIZED (SELECT run_id, created_at, size_in_bytes, expired FROM artifacts)
SELECT r.name AS workflow, substr(a.created_at, 1, 7) AS month, count(*) AS artifacts,
       round(sum(a.size_in_bytes) / 1048576.0, 2) AS mib, sum(a.expired) AS expired
FROM a JOIN r ON r.id = a.run_id
GROUP BY workflow, month
ORDER BY month, mib DESC;
