// question: Which pairs of units work on the same tasks (lead or co), and on how many?
// params: county (e.g. 古县), unit (canonical name: pairs involving it)
// columns: county, unit_a, unit_b, shared_tasks
MATCH (a:Unit)-[:LEADS|ASSISTS]->(t:Task)<-[:LEADS|ASSISTS]-(b:Unit)
WHERE a.name < b.name
MATCH (a)-[:IN_COUNTY]->(c:County)
WITH c.name AS county, a.name AS unit_a, b.name AS unit_b, t
WHERE ($county IS NULL OR county = $county) AND ($unit IS NULL OR unit_a = $unit OR unit_b = $unit)
RETURN county, unit_a, unit_b, count(DISTINCT t) AS shared_tasks
ORDER BY county, shared_tasks DESC, unit_a, unit_b
