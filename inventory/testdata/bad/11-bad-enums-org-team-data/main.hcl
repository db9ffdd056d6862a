# Enum values outside their sets, in the organization, teams, data classes,
# costs, rules and policies.

organization {
  name            = "Acme Analytics"
  operating_model = "centre-of-excellence" # ERROR: Invalid value for operating_model
}

team "brightpath" {
  name = "Brightpath Digital (paid media agency)"
  kind = "external" # ERROR: Invalid value for kind
}

data_class "contact_pii" {
  name        = "Contact PII"
  sensitivity = "pii" # ERROR: Invalid value for sensitivity
}

data_class "payment_data" {
  name        = "Payment details"
  sensitivity = "confidential" # ERROR: Invalid value for sensitivity
}

tool "linkedin_ads" {
  name     = "LinkedIn Campaign Manager"
  category = "search-social-ads"
  owner    = team.brightpath

  cost {
    amount = 4000
    period = "monthly" # ERROR: Invalid value for period
  }
}

rule "low-utilization" {
  severity  = "hgh" # ERROR: Invalid value for severity
  threshold = 0.5
}

policy "agency-tools-not-global" {
  severity  = "warning" # ERROR: Invalid value for severity
  for_each  = tools
  condition = try(each.owner.kind != "agency", true) || !contains(each.scope, "global")
  message   = "${each.name} is owned by an agency but scoped globally"
}
