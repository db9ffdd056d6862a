# February has no 30th.

organization {
  name              = "Acme Analytics"
  currency          = "USD"
  fiscal_year_start = "02-30" # ERROR: Invalid fiscal year start
}

tool "hubspot" {
  product = "hubspot-marketing-hub"
}
