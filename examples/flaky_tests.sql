-- Flaky tests over the last 30 runs on main: failed and passed at one commit (attempts of a run, or runs of one head_sha)
WITH recent AS MATERIALIZED (
  SELECT owner, repo, id, head_sha FROM runs
  WHERE owner = 'octo-org' AND repo = 'storefront' AND head_branch = 'main' AND name = 'Tests' AND status = 'completed'
    AND id NOT IN (SELECT run_id FROM artifacts WHERE owner = 'octo-org' AND repo = 'storefront' AND expired)
  ORDER BY created_at DESC LIMIT 30
),
results AS MATERIALIZED (
  SELECT r.head_sha, t.run_id, t.source, t.suite, t.name, t.status
  FROM recent r JOIN test_results t ON t.owner = r.owner AND t.repo = r.repo AND t.run_id = r.id
  WHERE t.status <> 'skipped'
)
SELECT source, suite, name, count(DISTINCT head_sha) AS flaky_commits, group_concat(DISTINCT run_id) AS runs
FROM results f
WHERE f.status IN ('failed', 'error')
  AND EXISTS (SELECT 1 FROM results p WHERE p.head_sha = f.head_sha AND p.source = f.source
              AND p.suite IS f.suite AND p.name = f.name AND p.status = 'passed')
GROUP BY source, suite, name
ORDER BY flaky_commits DESC, source, suite, name;
