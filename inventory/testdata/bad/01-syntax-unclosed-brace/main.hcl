# The closing brace of tool "hubspot" was deleted while editing its cost.

team "mops" {
  name = "Marketing Operations"
  lead = "dana@acme.example"
}

tool "hubspot" { # ERROR: Unclosed configuration block
  name     = "HubSpot Marketing Hub"
  product  = "hubspot-marketing-hub"
  category = "marketing-automation"
  owner    = team.mops

  cost {
    amount = 96000
    period = "year"
  }
