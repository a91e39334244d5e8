// question: Where does each task come from: document, lines and text?
// params: county (e.g. 平陆县), task (the task number, e.g. 8.3)
// columns: county, task, document, line_start, line_end, text
MATCH (t:Task)-[d:DERIVED_FROM]->(doc:Document), (t)-[:IN_COUNTY]->(c:Government)
WHERE ($county IS NULL OR c.name = $county) AND ($task IS NULL OR t.task_id = $task)
RETURN c.name AS county, t.task_id AS task, doc.file AS document, d.line_start AS line_start,
       d.line_end AS line_end, t.text AS text
ORDER BY county, document, line_start, task
