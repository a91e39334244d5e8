// question: How does each task carry on from one year to the next: carried over, changed, new, or dropped?
// params: county (e.g. 平陆县), task (a task number: the line of tasks through it, every year)
// columns: county, year, document, task, status, previous_year, previous_task, match, text
CALL {
  MATCH (s:Task)-[:IN_COUNTY]->(c:Government)
  WHERE $task IS NOT NULL AND s.task_id = $task AND ($county IS NULL OR c.name = $county)
  MATCH (s)-[:CONTINUES*0..]-(t:Task)
  RETURN DISTINCT t, c
  UNION
  MATCH (t:Task)-[:IN_COUNTY]->(c:Government)
  WHERE $task IS NULL AND ($county IS NULL OR c.name = $county)
  RETURN t, c
}
CALL {
  WITH t
  MATCH (t)-[:DERIVED_FROM]->(d:Document)
  WHERE t.lineage IS NOT NULL
  OPTIONAL MATCH (t)-[k:CONTINUES]->(p:Task)-[:DERIVED_FROM]->(pd:Document)
  RETURN d.year AS year, d.file AS document, t.task_id AS task, t.lineage AS status, pd.year AS previous_year,
         p.task_id AS previous_task, k.match AS match
  UNION
  WITH t
  MATCH (t)-[:DERIVED_FROM]->(d:Document)
  WHERE t.dropped_in IS NOT NULL
  RETURN t.dropped_in AS year, d.file AS document, null AS task, 'dropped' AS status, d.year AS previous_year,
         t.task_id AS previous_task, null AS match
}
RETURN c.name AS county, year, document, task, status, previous_year, previous_task, match, t.text AS text
ORDER BY county, year, document, coalesce(task, ''), coalesce(previous_task, ''), text
