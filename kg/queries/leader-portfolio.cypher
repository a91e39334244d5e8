// question: What does each leader supervise: roles, units and tasks, per county?
// params: county (e.g. 古县), leader (a name, e.g. 李晶)
// columns: county, leader, role, units, tasks
MATCH (l:Leader)-[:IN_COUNTY]->(c:Government)
WHERE ($county IS NULL OR c.name = $county) AND ($leader IS NULL OR l.name = $leader)
OPTIONAL MATCH (l)-[:SUPERVISES]->(u)
WITH c, l, count(DISTINCT u) AS units
OPTIONAL MATCH (l)-[:RESPONSIBLE_FOR]->(t:Task)
WITH c, l, units, count(DISTINCT t) AS tasks
OPTIONAL MATCH (l)-[:HOLDS]->(p:Post)
WITH c, l, units, tasks, p.name AS r ORDER BY r
WITH c, l, units, tasks, collect(r) AS roles
RETURN c.name AS county, l.name AS leader,
       reduce(s = '', x IN roles | s + CASE s WHEN '' THEN '' ELSE '、' END + x) AS role,
       units, tasks
ORDER BY county, tasks DESC, leader
