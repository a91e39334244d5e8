// question: Which deadlines do the tasks carry, and how many tasks each (blank: none stated)?
// params: county (e.g. 西乡县)
// columns: county, deadline, tasks
MATCH (t:Task)-[:IN_COUNTY]->(c:Government)
WHERE $county IS NULL OR c.name = $county
RETURN c.name AS county, coalesce(t.deadline, '') AS deadline, count(DISTINCT t) AS tasks
ORDER BY county, tasks DESC, deadline
