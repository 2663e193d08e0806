-- Actions cache size per branch and pull request (GitHub evicts past 10 GB per repository, and what is unused for 7 days)
SELECT ref, count(*) AS caches, round(sum(size_in_bytes) / 1048576.0, 1) AS mib,
       max(last_accessed_at) AS last_used
FROM caches
GROUP BY ref
ORDER BY mib DESC;
