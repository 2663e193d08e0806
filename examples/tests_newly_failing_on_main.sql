-- Tests that newly failed on main, run by run: failed in a run (any attempt), passed in the run before it, over the last 20 runs
WITH recent AS MATERIALIZED (
  SELECT owner, repo, id, created_at, lag(id) OVER (ORDER BY created_at) AS previous_run
  FROM (SELECT owner, repo, id, created_at FROM runs
        WHERE owner = 'octo-org' AND repo = 'storefront' AND head_branch = 'main' AND name = 'Tests' AND status = 'completed'
          AND id NOT IN (SELECT run_id FROM artifacts WHERE owner = 'octo-org' AND repo = 'storefront' AND expired)
        ORDER BY created_at DESC LIMIT 20)
),
results AS MATERIALIZED (
  SELECT t.run_id, t.source, t.suite, t.name, t.status
  FROM recent r JOIN test_results t ON t.owner = r.owner AND t.repo = r.repo AND t.run_id = r.id
)
SELECT r.created_at, f.run_id, r.previous_run, f.source, f.suite, f.name
FROM recent r
JOIN results f ON f.run_id = r.id AND f.status IN ('failed', 'error')
WHERE EXISTS (SELECT 1 FROM results p WHERE p.run_id = r.previous_run AND p.source = f.source
              AND p.suite IS f.suite AND p.name = f.name AND p.status = 'passed')
GROUP BY f.run_id, f.source, f.suite, f.name
ORDER BY r.created_at DESC, f.source, f.suite, f.name;
