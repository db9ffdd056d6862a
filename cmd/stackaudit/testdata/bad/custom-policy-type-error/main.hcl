# A policy that loads but cannot evaluate: owner is a team object, and
# a team object plus a number is a type error on every tool.
team "mops" {
  lead = "dana@acme.example"
}

tool "crm" {
  category = "crm"
  owner    = team.mops
}

policy "owner-is-number" {
  severity  = "low"
  for_each  = tools
  condition = each.owner + 1 > 0 # ERROR: Invalid operand
  message   = "${each.name} owner"
}
