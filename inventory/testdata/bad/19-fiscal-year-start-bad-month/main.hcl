# Month 13 does not exist.

organization {
  name              = "Acme Analytics"
  currency          = "USD"
  fiscal_year_start = "13-01" # ERROR: Invalid fiscal year start
}

tool "hubspot" {
  product = "hubspot-marketing-hub"
}
