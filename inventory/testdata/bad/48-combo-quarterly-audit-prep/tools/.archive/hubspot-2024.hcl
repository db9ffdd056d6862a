tool "hubspot" {
  product = "hubspot-marketing-hub"
  owner   = team.mops
}
