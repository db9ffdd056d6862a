# A tool may have at most one cost, one contract and one scan block.

tool "hubspot" {
  product = "hubspot-marketing-hub"

  cost {
    amount = 96000
    period = "year"
    seats  = 40
  }

  # Sales Hub seats bought on the same portal.
  cost { # ERROR: Duplicate cost block
    amount = 1500
    period = "month"
    seats  = 10
  }

  contract {
    end = "2026-04-01"
  }

  contract { # ERROR: Duplicate contract block
    end = "2027-04-01"
  }

  scan "hubspot" {
    token_env = "HUBSPOT_TOKEN"
  }

  scan "csv" { # ERROR: Duplicate scan block
    path = "exports/hubspot-users.csv"
  }
}
