# Custom policies with a misspelled variable and for_each over something
# that is not one of the five collections.

policy "tools-have-owner-lead" {
  severity  = "high"
  for_each  = tools
  condition = try(eahc.owner.lead != null, false) # ERROR: Unknown variable
  message   = "${each.name} has no owning team with a lead"
}

policy "flows-have-owner" {
  severity  = "high"
  for_each  = toolz # ERROR: Invalid for_each
  condition = each.owner != null
  message   = "flow ${each.id} has no owner"
}

policy "teams-have-lead" {
  severity  = "low"
  for_each  = team # ERROR: Invalid for_each
  condition = each.lead != null
  message   = "team ${each.name} has no lead (owner: ${var.owner})" # ERROR: Unknown variable
}
