# A second organization block, as left behind by a merge.

organization {
  name     = "Acme Analytics"
  currency = "USD"
}

team "mops" {
  name = "Marketing Operations"
}

organization { # ERROR: Duplicate organization block
  name              = "Acme Analytics GmbH"
  currency          = "EUR"
  fiscal_year_start = "04-01"
}
