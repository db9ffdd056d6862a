# The same label pasted in from another team's inventory.

tool "hubspot" { # ERROR: Duplicate tool
  name    = "HubSpot Sales Hub"
  product = "hubspot-sales-hub"
  owner   = team.mops
}
