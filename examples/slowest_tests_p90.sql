-- Slowest tests by p90 duration over the last 30 runs on main (tests with a reported duration)
WITH recent AS MATERIALIZED (
  SELECT owner, repo, id FROM runs
  WHERE owner = 'octo-org' AND repo = 'storefront' AND head_branch = 'main' AND name = 'Tests' AND status = 'completed'
    AND id NOT IN (SELECT run_id FROM artifacts WHERE owner = 'octo-org' AND repo = 'storefront' AND expired)
  ORDER BY created_at DESC LIMIT 30
)
SELECT t.source, t.suite, t.name, count(*) AS results,
       round(percentile(t.duration_seconds, 90), 3) AS p90_seconds,
       round(max(t.duration_seconds), 3) AS max_seconds
FROM recent r JOIN test_results t ON t.owner = r.owner AND t.repo = r.repo AND t.run_id = r.id
WHERE t.duration_seconds IS NOT NULL AND t.status <> 'skipped'
GROUP BY t.source, t.suite, t.name
ORDER BY p90_seconds DESC, t.source, t.suite, t.name
LIMIT 15;
