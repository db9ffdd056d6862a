# for_each must be one of the five collections, written bare. A quoted
# string, a single tool or a list are not collections.

tool "hubspot" {
  product = "hubspot-marketing-hub"
}

policy "tools-have-owner" {
  for_each  = "tools" # ERROR: Invalid for_each
  condition = each.owner != null
  message   = "${each.name} has no owner"
}

policy "hubspot-has-owner" {
  for_each  = tools.hubspot # ERROR: Invalid for_each
  condition = each.owner != null
  message   = "${each.name} has no owner"
}

policy "people-have-lead" {
  for_each  = [teams, objectives] # ERROR: Invalid for_each
  condition = each.lead != null
  message   = "${each.name} has no lead"
}
