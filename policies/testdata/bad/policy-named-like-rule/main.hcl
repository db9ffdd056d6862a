policy "tool-without-owner" { # ERROR: Policy named like a built-in rule
  for_each  = tools
  condition = each.owner != null
  message   = "${each.name} has no owner"
}

rule "tool-without-owner" {
  severity = "critical"
}
