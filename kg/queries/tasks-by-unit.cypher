// question: How many tasks does each unit (or group) lead or assist, per county?
// params: county (e.g. 平陆县), unit (canonical name, e.g. 发展和改革局)
// columns: county, unit, role, tasks
MATCH (u)-[r:LEADS|ASSISTS]->(t:Task)
WHERE (u:Unit OR u:UnitGroup)
MATCH (u)-[:IN_COUNTY]->(c:Government)
WITH c.name AS county, u.name AS unit, CASE type(r) WHEN 'LEADS' THEN 'lead' ELSE 'co' END AS role, t
WHERE ($county IS NULL OR county = $county) AND ($unit IS NULL OR unit = $unit)
RETURN county, unit, role, count(DISTINCT t) AS tasks
ORDER BY county, tasks DESC, unit, role
