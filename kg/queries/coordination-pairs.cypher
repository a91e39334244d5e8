// question: Which pairs of units work on the same tasks (lead or co), and on how many?
// params: county (e.g. 古县), unit (canonical name: pairs involving it)
// columns: county, unit_a, unit_b, shared_tasks
MATCH (c:Government)<-[:IN_COUNTY]-(a:Unit)-[r:COORDINATES_WITH]->(b:Unit)
WHERE ($county IS NULL OR c.name = $county) AND ($unit IS NULL OR a.name = $unit OR b.name = $unit)
RETURN c.name AS county, a.name AS unit_a, b.name AS unit_b, r.shared_tasks AS shared_tasks
ORDER BY county, shared_tasks DESC, unit_a, unit_b
