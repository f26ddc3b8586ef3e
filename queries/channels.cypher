//+ summary: Which communication channels and meetings does each initiative use, how often and for whom?
//+ kind: cq
//+ params: initiative (optional)
// Meetings are communication channels too; a node has one table in LadybugDB, so both
// labels are named.
MATCH (c:CommunicationChannel|Meeting)-[:PART_OF_INITIATIVE]->(i)
WHERE i.uri = coalesce($initiative, i.uri)
RETURN i.uri AS initiative, c.uri AS channel, c.name AS channel_name, c.channelType AS channel_type,
       c.cadence AS cadence, c.audience AS audience
ORDER BY initiative, channel
