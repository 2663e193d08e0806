-- Tests skipped most over the last 30 runs on main, and why
WITH recent AS MATERIALIZED (
  SELECT owner, repo, id FROM runs
  WHERE owner = 'octo-org' AND repo = 'storefront' AND head_branch = 'main' AND name = 'Tests' AND status = 'completed'
    AND id NOT IN (SELECT run_id FROM artifacts WHERE owner = 'octo-org' AND repo = 'storefront' AND expired)
  ORDER BY created_at DESC LIMIT 30
)
SELECT t.source, t.suite, t.name, count(*) AS skipped, count(DISTINCT t.run_id) AS runs,
       coalesce(max(t.message), '(no reason given)') AS reason
FROM recent r JOIN test_results t ON t.owner = r.owner AND t.repo = r.repo AND t.run_id = r.id
WHERE t.status = 'skipped'
GROUP BY t.source, t.suite, t.name
ORDER BY skipped DESC, t.source, t.suite, t.name
LIMIT 20;
