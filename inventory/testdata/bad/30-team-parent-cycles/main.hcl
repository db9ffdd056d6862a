# Three parent cycles: a team that is its own parent, two teams that are
# each other's parent, and a loop of three. Each cycle is reported once, at
# the parent attribute of its alphabetically first team.

team "growth" {
  name   = "Growth"
  parent = team.growth # ERROR: Team parent cycle
}

team "field_marketing" {
  name   = "Field Marketing"
  parent = team.events
}

team "events" {
  name   = "Events"
  parent = team.field_marketing # ERROR: Team parent cycle
}

team "mops" {
  name   = "Marketing Operations"
  parent = team.revops # ERROR: Team parent cycle
}

team "revops" {
  name   = "Revenue Operations"
  parent = team.sales
}

team "sales" {
  name   = "Sales"
  parent = team.mops
}

# Not in a cycle itself, but below one: no error of its own.
team "sdr" {
  name   = "Sales Development"
  parent = team.sales
}
