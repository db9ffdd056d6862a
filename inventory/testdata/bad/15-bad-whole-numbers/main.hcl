# Seats and notice days must be whole numbers of zero or more.

tool "salesforce" {
  product = "salesforce-sales-cloud"

  cost {
    amount = 14250
    period = "month"
    seats  = 12.5 # ERROR: Invalid value for seats
  }

  contract {
    start       = "2025-10-01"
    end         = "2026-09-30"
    notice_days = -30 # ERROR: Invalid value for notice_days
  }
}

tool "slack" {
  product = "slack"

  cost {
    amount = 8750
    period = "year"
    seats  = -1 # ERROR: Invalid value for seats
  }

  contract {
    notice_days = 45.5 # ERROR: Invalid value for notice_days
  }
}
